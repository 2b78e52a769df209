import { FacilFlowError, type Actor, type Front } from '@facilflow/contracts';
import type { Services } from '@facilflow/core';
import type { Observability } from '@facilflow/observability';
import type { CredentialContext, CredentialOperation } from '../define-operation.ts';
import { createAttemptLimiter, type AttemptLimit, type AttemptLimiter } from './attempt-limiter.ts';
import { auditableInput, auditRefusal, runRecorded, type AuditedCall } from './audit-trail.ts';
import { observeInvocation } from './observe-invocation.ts';
import { parseInput } from './parse-input.ts';
import { parseOutput } from './parse-output.ts';
import { toFacilFlowError } from './to-facilflow-error.ts';

export interface CredentialAttemptLimits {
  /** Per operation and source address: bounds guessing from one place. */
  perSource: AttemptLimit;
  /** Per operation and credential id: bounds guessing one credential's secret from many places. */
  perCredential: AttemptLimit;
}

// A plant enrolling its gateways succeeds, and a success gives its attempt back; these bound
// only what is refused: typos and replays pass, a guesser gets a handful of tries per window.
export const DEFAULT_CREDENTIAL_ATTEMPT_LIMITS: CredentialAttemptLimits = {
  perSource: { attempts: 20, windowMs: 10 * 60_000 },
  perCredential: { attempts: 5, windowMs: 10 * 60_000 },
};

/** One call of a credential-scoped operation, as its endpoint received it. */
export interface CredentialCall {
  via: Front;
  name: string;
  input: unknown;
  /** Where the call came from (the peer's address): what the per-source limit counts by. */
  source: string;
  signal?: AbortSignal;
}

export type CredentialInvoker = (op: CredentialOperation, call: CredentialCall) => Promise<unknown>;

/** The credential as sent, when it is text; the schema decides later whether it is acceptable text. */
function presentedCredential(raw: unknown, field: string): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const value = Object.getOwnPropertyDescriptor(raw, field)?.value;
  return typeof value === 'string' ? value : null;
}

function take(limiter: AttemptLimiter, key: string, limit: 'source' | 'credential'): () => void {
  const grant = limiter.take(key);
  if (grant.granted) return grant.release;
  const retryAfterSeconds = Math.ceil(grant.retryAfterMs / 1000);
  const from = limit === 'source' ? 'from this address' : 'with this credential';
  throw new FacilFlowError('RATE_LIMITED', `Too many refused attempts ${from}: try again in ${retryAfterSeconds} s`, { limit, retryAfterSeconds });
}

/**
 * Runs credential-scoped operations: attempts bounded per source address, then the input
 * bounded and validated, attempts bounded per credential id, the credential checked, and the
 * handler run in the credential's tenant with a pending audit record first. Every refusal is
 * audited in the tenant the credential's id belongs to, or logged when it belongs to none; the
 * credential itself reaches neither the audit record nor the logs, only its id does.
 */
export function createCredentialInvoker(deps: { services: Services; observability?: Observability; limits: CredentialAttemptLimits }): CredentialInvoker {
  const { services } = deps;
  const bySource = createAttemptLimiter(deps.limits.perSource, services.now);
  const byCredential = createAttemptLimiter(deps.limits.perCredential, services.now);

  return async (op, { via, input: raw, source, signal = new AbortController().signal }) => {
    const presented = presentedCredential(raw, op.credential.field);
    const credentialId = presented === null ? null : op.credential.idOf(presented);
    const actor: Actor = { type: 'system', name: `${op.credential.kind}:${credentialId ?? 'unrecognised'}` };
    let call: AuditedCall = { op, principal: { actor, tenantId: null, role: null }, via, conversationId: null, input: auditableInput(op, raw), started: performance.now() };
    return observeInvocation(deps.observability, call, async (observed) => {
      const attempts: Array<() => void> = [];
      let run: { tenantId: string; credentialId: string; input: Record<string, unknown> };
      try {
        attempts.push(take(bySource, `${op.name} from ${source}`, 'source'));
        const input = parseInput(op, raw);
        const credential = input[op.credential.field];
        if (credentialId === null || typeof credential !== 'string') throw new FacilFlowError('UNAUTHENTICATED', op.credential.refusal);
        attempts.push(take(byCredential, `${op.name} with ${credentialId}`, 'credential'));
        const check = await op.credential.check(services, credential);
        if (check.tenantId) {
          call = { ...call, principal: { ...call.principal, tenantId: check.tenantId } };
          observed.tenantKnown(check.tenantId);
        }
        if (!check.valid || !check.tenantId) throw new FacilFlowError('UNAUTHENTICATED', op.credential.refusal);
        run = { tenantId: check.tenantId, credentialId, input };
      } catch (e) {
        const error = toFacilFlowError(e, op.name);
        await auditRefusal(services, call, error);
        throw error;
      }
      const ctx: CredentialContext = { tenantId: run.tenantId, credentialId: run.credentialId, actor, via, services, signal };
      const output = await runRecorded(services, call, run.tenantId, async () => parseOutput(op, await op.handler(ctx, run.input)));
      for (const giveBack of attempts) giveBack();
      return output;
    });
  };
}
