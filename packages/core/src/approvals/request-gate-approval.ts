import { APPROVAL_GATE_OPERATION, approvalGateInputSchema, type Approval, type ApprovalGateInput, type ApprovalStatus } from '@facilflow/contracts';
import { and, desc, eq, schema } from '@facilflow/db';
import { digestInput } from '../audit/canonical-json-digest.ts';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { toApproval } from './to-approval.ts';

/** A gate without a stage timeout may wait for the weekend's shift, not for ever. */
export const GATE_APPROVAL_TTL_MS = 7 * 24 * 60 * 60_000;
/** A gate with a timeout keeps its request this much longer, so the stage's timeout (timed_out, withdrawn) ends the wait, not the expiry. */
export const GATE_EXPIRY_GRACE_MS = 60_000;
/** The sample is for reading: a few kilobytes, well inside what an approval stores. */
export const MAX_GATE_SAMPLE_CHARS = 16 * 1024;

/** Statuses that still answer for the gate: a later attempt or a takeover waits on (or reads) this one. */
const STILL_ANSWERS: readonly ApprovalStatus[] = ['pending', 'approved', 'applied', 'rejected'];

export interface GateRequest extends Omit<ApprovalGateInput, 'approverRoles' | 'sample'> {
  approverRoles: readonly string[];
  sample: readonly ApprovalGateInput['sample'][number][];
  /** The stage's timeout: the request expires when the wait would end anyway. */
  expiresInMs?: number | undefined;
}

/**
 * The approval for this gate of this run: the one asked already, pending or decided (a worker
 * restarted or took the run over, maybe after the person decided), else a new pending one.
 * An expired request (the wait timed out, the run stopped waiting) is not reused: asking again
 * after it files a fresh request.
 */
export async function requestGateApproval(services: Services, tenantId: string, request: GateRequest): Promise<Approval> {
  const input = approvalGateInputSchema.parse({ ...request, sample: boundedSample(request.sample) });
  const a = schema.approvals;
  const thisGate = and(eq(a.tenantId, tenantId), eq(a.runId, input.runId), eq(a.stageId, input.stageId));
  const now = services.now();
  const row = await services.db.withTenant(tenantId, async (tx) => {
    const [latest] = await tx.select().from(a).where(thisGate).orderBy(desc(a.createdAt), desc(a.id)).limit(1);
    if (latest && (STILL_ANSWERS as readonly string[]).includes(latest.status)) return latest;
    const [inserted] = await tx
      .insert(a)
      .values({
        id: newId('apr'),
        tenantId,
        operation: APPROVAL_GATE_OPERATION,
        inputDigest: digestInput(input).digest,
        input,
        plan: gatePlan(input),
        requesterActorId: 'system:pipeline-worker',
        requesterLabel: `pipeline run ${input.runId}`,
        requesterKeyId: null,
        requesterFront: 'system',
        requesterConversationId: null,
        status: 'pending',
        createdAt: now,
        expiresAt: new Date(now.getTime() + (request.expiresInMs === undefined ? GATE_APPROVAL_TTL_MS : request.expiresInMs + GATE_EXPIRY_GRACE_MS)),
        runId: input.runId,
        stageId: input.stageId,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) return inserted;
    // Another worker filed it between the read and the insert.
    const [open] = await tx.select().from(a).where(and(thisGate, eq(a.status, 'pending'))).limit(1);
    return open;
  });
  if (!row) throw new Error(`the approval of gate "${input.stageId}" of run ${input.runId} was decided while it was being asked for; the gate asks again`);
  return toApproval(services, row);
}

function gatePlan(gate: ApprovalGateInput): string {
  const rows = `${gate.rowCount} row${gate.rowCount === 1 ? '' : 's'}`;
  const check = gate.instructions === '' ? '' : ` ${gate.instructions}`;
  return `${gate.title}: pipeline run ${gate.runId} holds ${rows} at stage "${gate.stageId}" until ${gate.approverRoles.join(' or ')} approves.${check}`;
}

/** The leading rows that fit MAX_GATE_SAMPLE_CHARS. */
function boundedSample(rows: GateRequest['sample']): ApprovalGateInput['sample'] {
  let chars = 2;
  const kept: ApprovalGateInput['sample'] = [];
  for (const row of rows) {
    chars += JSON.stringify(row).length + 1;
    if (chars > MAX_GATE_SAMPLE_CHARS) break;
    kept.push(row);
  }
  return kept;
}
