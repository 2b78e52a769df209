import { FacilFlowError, type AuditRecord, type TenantScope } from '@facilflow/contracts';
import { and, asc, eq, gt, gte, lt, or, schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import { listedAuditRecord } from '../audit/list-audit-records.ts';
import type { Services } from '../services.ts';
import { BoundedText, csvLine } from './export-encoding.ts';

export interface AuditExportInput {
  format: 'csv' | 'jsonl';
  from: string;
  to: string;
  maxRows: number;
  maxBytes: number;
  cursor?: string | undefined;
}

export interface AuditExport {
  format: 'csv' | 'jsonl';
  rows: number;
  bytes: number;
  truncated: boolean;
  nextCursor: string | null;
  key: string;
  contentType: string;
  content: string;
}

const CSV_COLUMNS = [
  'id', 'at', 'actorType', 'actorId', 'actorLabel', 'front', 'conversationId', 'operation', 'effect',
  'outcome', 'errorCode', 'durationMs', 'inputDigest', 'inputTruncated', 'input',
] as const satisfies ReadonlyArray<keyof AuditRecord>;

/** Records are read from the database this many at a time, oldest first. */
const READ_BATCH = 1000;
const log = schema.auditLog;

/**
 * One page of the tenant's audit log over [from, to), oldest first, as CSV or JSON Lines:
 * bounded by rows and bytes, answered inline and stored as a file in the tenant's object
 * storage (`exports/audit/...`). A page that stops early says where the next one starts
 * (`nextCursor`: after the last record it holds), so pages never skip or repeat a record.
 */
export async function exportAudit(services: Services, scope: TenantScope, input: AuditExportInput, signal?: AbortSignal): Promise<AuditExport> {
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (!(from < to)) throw new FacilFlowError('INVALID', 'from must be before to');
  const page = new BoundedText(input.maxRows, input.maxBytes, input.format === 'csv' ? csvLine(CSV_COLUMNS) : '');
  let after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  let nextCursor: string | null = null;
  reading: for (;;) {
    signal?.throwIfAborted();
    const position = after;
    const rows = await services.db.withTenant(scope.tenantId, (tx) =>
      tx
        .select()
        .from(log)
        .where(
          and(
            gte(log.at, from),
            lt(log.at, to),
            position === null ? undefined : or(gt(log.at, position.at), and(eq(log.at, position.at), gt(log.id, position.id))),
          ),
        )
        .orderBy(asc(log.at), asc(log.id))
        .limit(READ_BATCH),
    );
    for (const row of rows) {
      const record = listedAuditRecord(row);
      const line = input.format === 'csv' ? csvLine(CSV_COLUMNS.map((column) => record[column])) : `${JSON.stringify(record)}\n`;
      if (!page.offerRow(line)) {
        if (page.rows === 0) throw new FacilFlowError('INVALID', `Audit record ${record.id} alone exceeds maxBytes (${input.maxBytes}): raise maxBytes`);
        nextCursor = encodeCursor(after);
        break reading;
      }
      after = { at: row.at, id: row.id };
    }
    if (rows.length < READ_BATCH) break;
  }
  const content = page.text();
  const extension = input.format === 'csv' ? 'csv' : 'jsonl';
  const contentType = input.format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  const key = `exports/audit/${fileStamp(from)}_${fileStamp(to)}_${newSortableId(services.now())}.${extension}`;
  const bytes = new TextEncoder().encode(content);
  await services.objects.put(scope.tenantId, key, { bytes, contentType }, signal);
  return { format: input.format, rows: page.rows, bytes: bytes.byteLength, truncated: nextCursor !== null, nextCursor, key, contentType, content };
}

/** The position after the last record of a page: its time and id, as the log is ordered. */
function encodeCursor(position: { at: Date; id: string } | null): string | null {
  return position === null ? null : Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const time = new Date(at ?? '');
  if (id === undefined || id === '' || Number.isNaN(time.getTime())) throw new FacilFlowError('INVALID', 'cursor is not a nextCursor of an earlier export');
  return { at: time, id };
}

function fileStamp(date: Date): string {
  return date.toISOString().replaceAll(':', '-');
}
