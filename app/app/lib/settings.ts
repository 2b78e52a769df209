import { useRouteLoaderData } from '@remix-run/react';
import type { WebSettings } from '../../server/web-context.ts';
import type { loader as rootLoader } from '../root.tsx';

export type { WebSettings };
export type FirebaseSettings = WebSettings['firebase'];

/** The server's public settings, from the root loader. */
export function useSettings(): WebSettings {
  const data = useRouteLoaderData<typeof rootLoader>('root');
  if (!data) throw new Error('The root loader data is missing');
  return data.settings;
}
