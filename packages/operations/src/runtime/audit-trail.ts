import { actorId, type FacilFlowError, type Front, type PolicyMark } from '@facilflow/contracts';
import { appendAuditRecord, completeAuditRecord, recordPendingAudit, type PendingAuditRecord, type Services } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import type { Operation } from '../define-operation.ts';
import { formatErrorForLog } from './log-safe-error.ts';
import { internalError, toFacilFlowError } from './to-facilflow-error.ts';

export interface AuditedCall {
  op: Operation;
  principal: Principal;
  via: Front;
  conversationId: string | null;
  /** What the caller sent, with the confirmation token already taken out. */
  input: unknown;
  started: number;
  /** The policy that decided the call, once the runtime evaluated the tenant's policies. */
  policy?: PolicyMark | null;
}

/**
 * What the caller sent minus its confirmation token and, for a credential-scoped operation, the
 * credential: secrets that must never reach the log, not even inside the input's digest.
 */
export function auditableInput(op: Operation, raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  try {
    const { confirmationToken: _token, ...rest } = raw as Record<string, unknown>;
    if (op.scope === 'credential') delete rest[op.credential.field];
    return rest;
  } catch (error) {
    return `[input could not be read: ${error instanceof Error ? error.name : typeof error}]`;
  }
}

function elapsed(call: AuditedCall): number {
  return Math.max(0, Math.round(performance.now() - call.started));
}

function draft(services: Services, call: AuditedCall, tenantId: string): PendingAuditRecord {
  const actor = call.principal.actor;
  return {
    tenantId,
    at: services.now(),
    actorType: actor.type,
    actorId: actorId(actor),
    actorLabel: actor.type === 'user' ? actor.email : actor.name,
    front: call.via,
    conversationId: call.conversationId,
    operation: call.op.name,
    effect: call.op.effect,
    input: call.input,
    policy: call.policy ?? null,
  };
}

function unattributed(call: AuditedCall, error: FacilFlowError | null): void {
  // Nothing to attribute it to: a person without a tenant, or a credential of no known tenant, whose call failed.
  console.warn(`[audit] ${call.op.name} by ${actorId(call.principal.actor)} via ${call.via}: ${error?.code ?? 'ok'} (no tenant)`);
}

/**
 * A call refused before its handler (FORBIDDEN, INVALID, NEEDS_CONFIRMATION, …): one complete
 * record. Nothing was changed, so a failure to record it is logged and the refusal still answered.
 */
export async function auditRefusal(services: Services, call: AuditedCall, error: FacilFlowError): Promise<void> {
  const tenantId = call.principal.tenantId;
  if (!tenantId) return unattributed(call, error);
  try {
    await appendAuditRecord(services, { ...draft(services, call, tenantId), outcome: 'error', errorCode: error.code, durationMs: elapsed(call) });
  } catch (auditError) {
    console.error(`[audit] could not record the refused ${call.op.name} (${error.code}): ${formatErrorForLog(auditError)}`);
  }
}

/**
 * Runs a write so that it never stands without its record: a `pending` record first, in the
 * tenant the call acts in; if that insert fails the handler never runs and the call answers
 * UNAVAILABLE. After the handler the record is completed with outcome, error code and duration.
 * Should the process stop in between, or the completion fail, the record stays `pending`.
 */
export async function runRecorded(services: Services, call: AuditedCall, tenantId: string, execute: () => Promise<unknown>): Promise<unknown> {
  let id: string;
  try {
    id = await recordPendingAudit(services, draft(services, call, tenantId));
  } catch (auditError) {
    throw internalError(auditError, call.op.name, 'UNAVAILABLE', 'The audit log cannot record this call right now, so nothing was changed');
  }
  const { output, error } = await settle(call, execute);
  const completion = { tenantId, id, outcome: error ? ('error' as const) : ('ok' as const), errorCode: error?.code ?? null, durationMs: elapsed(call) };
  try {
    if (!(await completeAuditRecord(services, completion))) console.error(`[audit] record ${id} of ${call.op.name} was no longer pending`);
  } catch (auditError) {
    // The effect has happened and its record exists; answering an error now would invite a
    // repeat of the write, so the answer stands and the record says `pending`.
    console.error(`[audit] record ${id} of ${call.op.name} stays pending (${completion.outcome}): ${formatErrorForLog(auditError)}`);
  }
  if (error) throw error;
  return output;
}

/** The handler's outcome as a value: its record is completed either way, then the error is rethrown. */
async function settle(call: AuditedCall, execute: () => Promise<unknown>): Promise<{ output: unknown; error: FacilFlowError | null }> {
  try {
    return { output: await execute(), error: null };
  } catch (e) {
    return { output: undefined, error: toFacilFlowError(e, call.op.name) };
  }
}

/**
 * For the few person-level calls whose tenant is known only from their result (tenants.create,
 * tenants.switch, invites.accept): there is no tenant to hold a pending record beforehand, so
 * the record is written after the handler. A failure to write it is logged under a reference.
 */
export async function runThenRecord(services: Services, call: AuditedCall, execute: () => Promise<unknown>): Promise<unknown> {
  const { output, error } = await settle(call, execute);
  const op = call.op;
  const tenantId = (op.scope === 'user' && op.auditTenantId && !error ? op.auditTenantId(output as never) : null) || call.principal.tenantId;
  if (!tenantId) unattributed(call, error);
  else {
    try {
      await appendAuditRecord(services, { ...draft(services, call, tenantId), outcome: error ? 'error' : 'ok', errorCode: error?.code ?? null, durationMs: elapsed(call) });
    } catch (auditError) {
      internalError(auditError, `${op.name} (audit after the effect)`);
    }
  }
  if (error) throw error;
  return output;
}
