import { FacilFlowError, telemetryCodecSchema, type DeadLetter } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { checkTelemetryMessage, type PointRejection } from '../schemas/check-telemetry-message.ts';
import { compileMeasurementSchema } from '../schemas/compile-measurement-schema.ts';
import { loadLatestSchemas } from '../schemas/load-schemas.ts';
import { findDeadLetterRow } from './find-dead-letter.ts';
import { payloadOf, readDetails, toDeadLetter } from './to-dead-letter.ts';

export interface ReplayResult {
  status: 'stored' | 'partial' | 'still_invalid' | 'already_replayed';
  written: number;
  rejected: number;
  rejections: Array<{ at: number; reasons: string[] }>;
}

/** Where a replay writes: its own batch key, so two replays (or a replay retried after a crash) store the points once. */
export function replayBatchSource(id: string): string {
  return `dead-letter:${id}`;
}

/**
 * Runs a dead letter's stored payload through the checks again, against the tenant's
 * schemas as they are now, and stores what passes. Only what was refused is replayed: for
 * a message whose other points were stored, the refused positions; otherwise the whole
 * message. All or nothing by default (`skipInvalid` stores what passes and gives up the
 * rest). The outcome is recorded on the dead letter; a stored one is marked replayed and
 * a second replay answers `already_replayed`.
 *
 * Replayed points are written to the store; the live-update and the other steps after
 * the write (quality, lineage) belong to the ingest process and do not see them.
 */
export async function replayDeadLetter(
  services: Services,
  scope: TenantScope,
  input: { id: string; skipInvalid: boolean },
): Promise<{ deadLetter: DeadLetter; result: ReplayResult }> {
  const { row, schemas } = await services.db.withTenant(scope.tenantId, async (tx) => ({
    row: await findDeadLetterRow(tx, input.id),
    schemas: await loadLatestSchemas(tx),
  }));
  if (row.replayedAt) {
    return { deadLetter: toDeadLetter(row), result: { status: 'already_replayed', written: 0, rejected: 0, rejections: [] } };
  }
  if (row.payloadTruncated !== 0) {
    throw new FacilFlowError('CONFLICT', `Dead letter ${row.id} kept only the first ${row.payload.length} bytes of its payload: it cannot be replayed`);
  }
  const codec = telemetryCodecSchema.safeParse(row.codec);
  if (!codec.success) {
    throw new FacilFlowError('CONFLICT', `Dead letter ${row.id} came on a topic ingest does not read (${row.topic}): it cannot be replayed`);
  }
  const details = readDetails(row);
  const compiled = new Map(schemas.map((item) => [item.measurement, compileMeasurementSchema(item)]));
  const check = checkTelemetryMessage({
    codec: codec.data,
    payload: payloadOf(row),
    agentId: row.agentId ?? '',
    schemaFor: (measurement) => compiled.get(measurement),
    // Lines without a timestamp get the time the message first arrived, as they did then.
    lineProtocol: { now: row.receivedAt.getTime() },
    ...(details.code === 'invalid_points' ? { only: new Set(details.rejected) } : {}),
  });

  let written = 0;
  let duplicate = false;
  const rejections: PointRejection[] = check.ok ? [...check.rejections] : [];
  if (!check.ok) {
    return record(services, scope, row.id, { status: 'still_invalid', written: 0, rejected: details.rejectedCount, rejections: [{ at: -1, reasons: [check.reason] }] });
  }
  if (rejections.length > 0 && !input.skipInvalid) {
    return record(services, scope, row.id, summarize('still_invalid', 0, rejections));
  }
  if (check.points.length > 0) {
    const stored = await services.timeseries.write(scope.tenantId, check.points, { batch: { source: replayBatchSource(row.id), seq: 0 } });
    written = stored.written;
    duplicate = stored.duplicate === true;
    for (const refusal of stored.rejected) rejections.push({ at: check.positions[refusal.index] ?? -1, problems: [{ code: 'store_refused', message: refusal.reason }] });
  }
  rejections.sort((a, b) => a.at - b.at);
  const status = duplicate ? 'already_replayed' : rejections.length === 0 ? 'stored' : written > 0 ? 'partial' : 'still_invalid';
  return record(services, scope, row.id, summarize(status, written, rejections));
}

function summarize(status: ReplayResult['status'], written: number, rejections: PointRejection[]): ReplayResult {
  return {
    status,
    written,
    rejected: rejections.length,
    rejections: rejections.slice(0, 100).map((rejection) => ({ at: rejection.at, reasons: rejection.problems.map((problem) => problem.message) })),
  };
}

/** Records the outcome; anything but still_invalid marks the dead letter replayed. */
async function record(services: Services, scope: TenantScope, id: string, result: ReplayResult): Promise<{ deadLetter: DeadLetter; result: ReplayResult }> {
  const now = services.now();
  const first = result.rejections[0]?.reasons[0];
  const outcome =
    result.status === 'still_invalid'
      ? `${now.toISOString()} still invalid: ${result.rejected} point(s) refused${first ? `, first: ${first}` : ''}`
      : result.status === 'already_replayed'
        ? `${now.toISOString()} already stored by an earlier replay`
        : `${now.toISOString()} stored ${result.written} point(s)${result.rejected > 0 ? `, gave up ${result.rejected} still refused` : ''}`;
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(schema.deadLetters)
      .set({ replayOutcome: outcome.slice(0, 2000), ...(result.status === 'still_invalid' ? {} : { replayedAt: now }) })
      .where(eq(schema.deadLetters.id, id))
      .returning(),
  );
  if (!row) throw new FacilFlowError('NOT_FOUND', `Dead letter ${id} not found (purged meanwhile?)`);
  return { deadLetter: toDeadLetter(row), result };
}
