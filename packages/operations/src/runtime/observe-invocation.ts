import { actorId, isFacilFlowError, type Front } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { withSpan, type Observability } from '@facilflow/observability';
import type { Operation } from '../define-operation.ts';

export interface ObservedCall {
  op: Operation;
  principal: Principal;
  via: Front;
  input: unknown;
}

/**
 * Wraps one registry call, for every front alike: an `operation <name>` span (the parent of
 * the store spans the handler opens), the call counted and timed by outcome, and one log line
 * naming tenant, actor and outcome. The span is there even without `observability` (tests,
 * the CLI); metrics and logs need the process's instance.
 */
export async function observeInvocation<T>(
  observability: Observability | undefined,
  call: ObservedCall,
  run: (observed: { tenantKnown(tenantId: string): void }) => Promise<T>,
): Promise<T> {
  const { op, principal, via } = call;
  const attributes = {
    'facilflow.operation': op.name,
    'facilflow.tenant': principal.tenantId ?? '',
    'facilflow.front': via,
    'facilflow.effect': op.effect,
  };
  return withSpan(`operation ${op.name}`, attributes, async (span) => {
    const started = performance.now();
    const request = observability?.requests.current();
    const logFor = (tenantId: string | null) =>
      (request?.log ?? observability?.logger)?.child({ operation: op.name, front: via, tenantId, actorId: actorId(principal.actor) });
    let log = logFor(principal.tenantId);
    log?.debug({ input: call.input }, 'operation called');
    // A credential-scoped call learns its tenant from the credential, after it was called.
    const tenantKnown = (tenantId: string) => {
      span.setAttribute('facilflow.tenant', tenantId);
      log = logFor(tenantId);
    };
    const finish = (outcome: string) => {
      span.setAttribute('facilflow.outcome', outcome);
      const seconds = (performance.now() - started) / 1000;
      observability?.metrics.operationCalls.inc({ operation: op.name, effect: op.effect, front: via, outcome });
      observability?.metrics.operationDuration.observe({ operation: op.name, front: via, outcome }, seconds);
      return Math.round(seconds * 1000);
    };
    try {
      const result = await run({ tenantKnown });
      log?.info({ outcome: 'ok', durationMs: finish('ok') }, 'operation done');
      return result;
    } catch (error) {
      const code = isFacilFlowError(error) ? error.code : 'INTERNAL';
      const durationMs = finish(code);
      const err = isFacilFlowError(error) ? { code, message: error.message, details: error.details } : { code };
      log?.[code === 'INTERNAL' ? 'error' : 'info']({ outcome: code, durationMs, err }, 'operation refused');
      throw error;
    }
  });
}
