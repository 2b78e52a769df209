import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { invoke } from './lib/operations.server.ts';
import { PENDING_COUNT_LIMIT } from './lib/pending-approvals.ts';
import stylesUrl from './styles.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesUrl },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'FacilFlow' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const session = await context.web.session();
  const principal = session.kind === 'signed-in' ? session.principal : null;
  const pending = principal?.tenantId ? await invoke(context, principal, 'approvals.list', { status: 'pending', limit: PENDING_COUNT_LIMIT }) : null;
  return {
    pendingApprovals: pending?.ok ? pending.value.approvals.length : null,
    settings: context.web.settings,
    sessionKind: session.kind,
    viewer:
      principal && principal.actor.type === 'user'
        ? { uid: principal.actor.uid, email: principal.actor.email, tenantId: principal.tenantId }
        : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { settings, sessionKind, viewer, pendingApprovals } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader settings={settings} sessionKind={sessionKind} viewer={viewer} pendingApprovals={pendingApprovals} />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : 'Something went wrong on our side. The server log has the details.';
  return (
    <main className="page">
      <section className="card">
        <h1>FacilFlow</h1>
        <p className="problem" data-testid="page-error">
          {message}
        </p>
        <a href="/">Back to the start page</a>
      </section>
    </main>
  );
}
