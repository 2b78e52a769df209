import { FacilFlowError, isFacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { TRPCError, type AnyProcedure } from '@trpc/server';
import { takesPrincipal } from '../../define-operation.ts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import type { AppRouter } from './app-router.ts';
import { TRPC_CODE } from './error-codes.ts';
import { trpcProcedureKind } from './procedure-kind.ts';
import { createTrpcRoot, type TrpcContext } from './trpc-root.ts';

/**
 * One procedure per operation a principal calls, nested as `resource.action`: reads are
 * queries, the rest mutations (credential-scoped operations have endpoints of their own). Procedures hold no logic; they hand the call to the runtime. The input
 * schemas the browser validates with are the same ones, imported from @facilflow/contracts.
 */
export function createTrpcRouter(runtime: Runtime): AppRouter {
  const t = createTrpcRoot();
  // Authentication runs before anything reads the input, so an anonymous caller learns nothing.
  const authenticated = t.procedure.use(({ ctx, next }) => {
    if (!ctx.principal) {
      const error = ctx.authError ?? new FacilFlowError('UNAUTHENTICATED', 'Missing bearer credential');
      throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message, cause: error });
    }
    return next({ ctx: { principal: ctx.principal } });
  });
  const byResource = new Map<string, Record<string, AnyProcedure>>();
  for (const op of runtime.registry.list().filter(takesPrincipal)) {
    const [resource, action] = op.name.split('.') as [string, string];
    // The raw input goes to the runtime, which validates it, so an invalid call is audited like any other.
    const procedure = authenticated.input((raw: unknown) => raw);
    const resolve = async ({ ctx, input, signal }: { ctx: { principal: Principal }; input: unknown; signal: AbortSignal | undefined }) => {
      try {
        return await runtime.invoke(ctx.principal, 'trpc', op.name, input ?? {}, signal);
      } catch (e) {
        const error = e as FacilFlowError;
        throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
      }
    };
    const built = trpcProcedureKind(op) === 'query' ? procedure.query(resolve) : procedure.mutation(resolve);
    const group = byResource.get(resource) ?? {};
    group[action] = built;
    byResource.set(resource, group);
  }
  const router = t.router(Object.fromEntries([...byResource].map(([resource, procs]) => [resource, t.router(procs)])));
  // Built at run time from the runtime's registry, typed from the registry's definitions; the
  // fronts-parity test checks that the router serves exactly the registered operations.
  return router as unknown as AppRouter;
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
