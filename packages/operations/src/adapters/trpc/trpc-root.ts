import { isFacilFlowError, type ErrorCode, type FacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { initTRPC } from '@trpc/server';

export interface TrpcContext {
  /** Null when the request carried no valid credential; `authError` says why. */
  principal: Principal | null;
  authError: FacilFlowError | null;
}

/** tRPC's root object; errors carry the FacilFlow code and details, never a stack. */
export function createTrpcRoot() {
  return initTRPC.context<TrpcContext>().create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const ff = isFacilFlowError(cause) ? cause : null;
      return {
        ...shape,
        data: { ...shape.data, ffCode: (ff?.code ?? null) as ErrorCode | null, details: ff?.details ?? null, stack: undefined },
      };
    },
  });
}

/** Context, meta, error shape and transformer of every FacilFlow procedure. */
export type TrpcRoot = ReturnType<typeof createTrpcRoot>['_config']['$types'];
