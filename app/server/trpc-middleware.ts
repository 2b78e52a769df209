import type { IncomingMessage } from 'node:http';
import { isFacilFlowError } from '@facilflow/contracts';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import { createTrpcContext, createTrpcRouter } from '@facilflow/operations/trpc';
import type { TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { RequestHandler } from 'express';
import { boundTrpcInput } from './trpc-bounded-input.ts';

/**
 * The tRPC front: the caller is whoever the Authorization header's bearer (ID token or API key) proves.
 * The input is read and checked against the limits first; a refused one fails in createContext,
 * before authentication, so tRPC still answers it in its own error shape (batched or not).
 */
export function createTrpcMiddleware(runtime: Runtime): RequestHandler {
  const refusals = new WeakMap<IncomingMessage, TRPCError>();
  const trpc = createExpressMiddleware({
    router: createTrpcRouter(runtime),
    createContext: ({ req }) => {
      const refusal = refusals.get(req);
      if (refusal) throw refusal;
      return createTrpcContext(runtime, req.headers.authorization);
    },
    onError({ error, path }) {
      // The runtime logs failures inside operations; this catches the ones around them (e.g. the database during sign-in).
      if (error.code === 'INTERNAL_SERVER_ERROR' && !isFacilFlowError(error.cause)) {
        console.error(`[trpc] ${path ?? '(no procedure)'} failed: ${formatErrorForLog(error.cause ?? error)}`);
      }
    },
  });
  return (req, res, next) => {
    boundTrpcInput(req, res).then(
      (refusal) => {
        if (refusal) refusals.set(req, refusal);
        trpc(req, res, next);
      },
      (error: unknown) => next(error),
    );
  };
}
