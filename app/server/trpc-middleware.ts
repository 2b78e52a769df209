import { isFacilFlowError } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { createTrpcContext, createTrpcRouter } from '@facilflow/operations/trpc';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { RequestHandler } from 'express';

/** The tRPC front: the caller is whoever the Authorization header's bearer (ID token or API key) proves. */
export function createTrpcMiddleware(runtime: Runtime): RequestHandler {
  return createExpressMiddleware({
    router: createTrpcRouter(runtime),
    createContext: ({ req }) => createTrpcContext(runtime, req.headers.authorization),
    onError({ error, path }) {
      // The runtime logs failures inside operations; this catches the ones around them (e.g. the database during sign-in).
      if (error.code === 'INTERNAL_SERVER_ERROR' && !isFacilFlowError(error.cause)) {
        console.error(`[trpc] ${path ?? '(no procedure)'} failed:`, error.cause ?? error);
      }
    },
  });
}
