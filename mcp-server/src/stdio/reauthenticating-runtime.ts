import type { Runtime } from '@facilflow/operations';

/**
 * A stdio session lasts as long as the client runs. Resolving the credential again on every
 * call makes a revoked key lose access at once, as on HTTP where each request authenticates.
 */
export function reauthenticatingRuntime(runtime: Runtime, bearer: string): Runtime {
  return {
    ...runtime,
    invoke: async (_principal, via, name, input, signal, origin) => runtime.invoke(await runtime.authenticate(bearer), via, name, input, signal, origin),
    approveByElicitation: async (_principal, via, approvalId, signal, origin) =>
      runtime.approveByElicitation(await runtime.authenticate(bearer), via, approvalId, signal, origin),
  };
}
