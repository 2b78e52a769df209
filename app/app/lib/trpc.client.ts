import { errorCodeSchema, type ErrorCode } from '@facilflow/contracts';
import type { AppRouter } from '@facilflow/operations/trpc';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { currentIdToken } from '../auth/firebase.client.ts';
import type { FirebaseSettings } from './settings.ts';

/** tRPC from the browser: the Firebase ID token goes in the Authorization header, never a cookie. */
export function trpcClient(firebase: FirebaseSettings): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/api/trpc',
        headers: async (): Promise<Record<string, string>> => {
          const token = await currentIdToken(firebase);
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

export interface ConfirmationRequest {
  plan: string;
  confirmationToken: string;
}

/** The plan and token of a NEEDS_CONFIRMATION answer, or null for any other error. */
export function confirmationRequest(error: unknown): ConfirmationRequest | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('ffCode' in data) || data.ffCode !== 'NEEDS_CONFIRMATION') return null;
  const details = 'details' in data ? data.details : null;
  if (typeof details !== 'object' || details === null) return null;
  const { plan, confirmationToken } = details as Record<string, unknown>;
  return typeof plan === 'string' && typeof confirmationToken === 'string' ? { plan, confirmationToken } : null;
}

/** What to tell the person about a failed call: the FacilFlow code (FORBIDDEN, CONFLICT, …) and the server's reason. */
export function callProblem(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const code = errorCodeSchema.safeParse(typeof data === 'object' && data !== null && 'ffCode' in data ? data.ffCode : null);
    return { code: code.success ? code.data : 'INTERNAL', message: error.message };
  }
  return { code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error) };
}
