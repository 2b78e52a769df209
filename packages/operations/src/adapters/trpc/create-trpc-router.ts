import { FacilFlowError, isFacilFlowError, type ErrorCode } from '@facilflow/contracts';
import type { Principal } from '@facilflow/core';
import { initTRPC, TRPCError, type AnyProcedure, type AnyRouter } from '@trpc/server';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { frontInputSchema } from '../../runtime/front-input.ts';
import { TRPC_CODE } from './error-codes.ts';

export interface TrpcContext {
  /** Null when the request carried no valid credential; `authError` says why. */
  principal: Principal | null;
  authError: FacilFlowError | null;
}

/**
 * One procedure per operation, nested as `resource.action`: reads are queries, the rest
 * mutations. Procedures hold no logic; they hand the call to the runtime.
 */
export function createTrpcRouter(runtime: Runtime): AnyRouter {
  const t = initTRPC.context<TrpcContext>().create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const ff = isFacilFlowError(cause) ? cause : null;
      return {
        ...shape,
        data: { ...shape.data, ffCode: (ff?.code ?? null) as ErrorCode | null, details: ff?.details ?? null, stack: undefined },
      };
    },
  });
  const byResource = new Map<string, Record<string, AnyProcedure>>();
  for (const op of runtime.registry.list()) {
    const [resource, action] = op.name.split('.') as [string, string];
    const procedure = t.procedure.input(frontInputSchema(op));
    const resolve = async ({ ctx, input, signal }: { ctx: TrpcContext; input: unknown; signal: AbortSignal | undefined }) => {
      if (!ctx.principal) {
        const error = ctx.authError ?? new FacilFlowError('UNAUTHENTICATED', 'Missing bearer credential');
        throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message, cause: error });
      }
      try {
        return await runtime.invoke(ctx.principal, 'trpc', op.name, input, signal);
      } catch (e) {
        const error = e as FacilFlowError;
        throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
      }
    };
    const built = op.effect === 'read' ? procedure.query(resolve) : procedure.mutation(resolve);
    const group = byResource.get(resource) ?? {};
    group[action] = built;
    byResource.set(resource, group);
  }
  return t.router(Object.fromEntries([...byResource].map(([resource, procs]) => [resource, t.router(procs)])));
}

/** Builds the per-request context from the Authorization header. */
export async function createTrpcContext(runtime: Runtime, authorization: string | undefined): Promise<TrpcContext> {
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (!bearer) return { principal: null, authError: null };
  try {
    return { principal: await runtime.authenticate(bearer), authError: null };
  } catch (e) {
    if (isFacilFlowError(e)) return { principal: null, authError: e };
    throw e;
  }
}
