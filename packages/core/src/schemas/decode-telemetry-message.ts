import { MAX_POINTS_PER_BATCH, type DeadLetterCode, type TelemetryCodec, type TelemetryPoint } from '@facilflow/contracts';
import { parseLineProtocol, type TimestampPrecision } from '@facilflow/timeseries/line-protocol';
import { compactSeriesLayout, readCompactPoints } from './compact-series-points.ts';
import type { PointProblem } from './compile-measurement-schema.ts';
import { decodeBatchBody } from './decode-batch-body.ts';
import { readPoint } from './point-structure.ts';
import { unstorablePointText, withStorableFieldValues } from './storable-point.ts';

export interface DecodeTelemetryOptions {
  /** The agent the topic names: a batch (JSON or MessagePack) must name the same one. */
  agentId: string;
  /** Line protocol: timestamp precision (default ns, Telegraf's) and the time of lines without one. */
  lineProtocol?: { precision?: TimestampPrecision; now: number };
  /** Only these positions (batch point indexes, line protocol line numbers): a replay takes what was refused. */
  only?: ReadonlySet<number>;
}

export interface PointRejection {
  /** Batch: index in `points` (v1) or in the flattened order of `series` (v2, see compactTelemetryBatchSchema), from 0; line protocol: line number (from 1). */
  at: number;
  problems: PointProblem[];
}

/** A message that cannot be read at all: refused as a whole. */
export interface UnreadableTelemetry {
  ok: false;
  code: Exclude<DeadLetterCode, 'invalid_points' | 'unknown_subtopic'>;
  reason: string;
  seq: number | null;
  pointCount: number;
}

/**
 * A message read: its well-formed points, not yet checked against any schema, and the points
 * or lines that are not (`malformed_point`, `bad_line`). Plain data only, so it crosses a
 * worker boundary by structured clone.
 */
export interface DecodedTelemetry {
  ok: true;
  seq: number | null;
  /** Points (batch) or lines holding a point or an error (line protocol) in the message. */
  pointCount: number;
  /** The well-formed points, in message order. */
  points: TelemetryPoint[];
  /** Position of each of `points` in the message. */
  positions: number[];
  /** The positions that hold no well-formed point, in message order. */
  rejections: PointRejection[];
}

export type TelemetryDecoding = UnreadableTelemetry | DecodedTelemetry;

/**
 * Reads one telemetry message: the bytes decoded (JSON, MessagePack or line protocol), the
 * batch's envelope and every point's structure checked against the telemetry contract.
 * Knows nothing of the tenant: the schema check is `checkDecodedTelemetry`'s, so this half
 * can run on a worker thread.
 */
export function decodeTelemetryMessage(codec: TelemetryCodec, payload: Buffer, options: DecodeTelemetryOptions): TelemetryDecoding {
  return codec === 'lp' ? decodeLineProtocol(payload, options) : decodeBatch(codec, payload, options);
}

function decodeBatch(codec: 'json' | 'msgpack', payload: Buffer, options: DecodeTelemetryOptions): TelemetryDecoding {
  const decoded = decodeBatchBody(codec, payload);
  if (!decoded.ok) return { ok: false, code: decoded.code, reason: decoded.reason, seq: null, pointCount: 0 };
  const body = decoded.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidBatch(`the message is not a ${codec === 'json' ? 'JSON object' : 'MessagePack map'}`, null, 0);
  const batch = body as Record<string, unknown>;
  const seq = typeof batch.seq === 'number' && Number.isSafeInteger(batch.seq) && batch.seq >= 0 ? batch.seq : null;
  if (batch.v !== 1 && batch.v !== 2) {
    const count = Array.isArray(batch.points) ? batch.points.length : 0;
    return invalidBatch(`v must be 1 or 2, got ${JSON.stringify(batch.v) ?? 'nothing'}`, seq, count);
  }
  // v1 lists its points; v2 (compact) gives them as columns per series, read in flattened order.
  const layout = batch.v === 1 ? pointsLayout(batch.points) : compactSeriesLayout(batch.series);
  const count = typeof layout !== 'string' ? layout.pointCount : batch.v === 1 && Array.isArray(batch.points) ? batch.points.length : 0;
  if (typeof batch.agentId !== 'string' || batch.agentId.length === 0 || batch.agentId.length > 64) return invalidBatch('agentId must be a string of 1-64 characters', seq, count);
  if (seq === null) return invalidBatch('seq must be a non-negative integer', null, count);
  if (typeof batch.sentAt !== 'number' || !Number.isSafeInteger(batch.sentAt) || batch.sentAt < 0) return invalidBatch('sentAt must be a non-negative integer of epoch milliseconds', seq, count);
  if (typeof layout === 'string') return invalidBatch(layout, seq, count);
  if (batch.agentId !== options.agentId) {
    return { ok: false, code: 'agent_mismatch', reason: `the batch names agent ${JSON.stringify(batch.agentId)} but was published on the topic of agent "${options.agentId}"`, seq, pointCount: count };
  }
  const result = emptyDecoding(seq, count);
  const visit = (point: TelemetryPoint | string, position: number) => keepPoint(result, point, position);
  if ('series' in layout) readCompactPoints(layout.series, visit, options.only);
  else {
    for (let i = 0; i < layout.points.length; i++) {
      if (options.only && !options.only.has(i)) continue;
      visit(readStorablePoint(layout.points[i], `points[${i}].`), i);
    }
  }
  return result;
}

/** v1's `points`: an array of 1 to MAX_POINTS_PER_BATCH values, each checked as a point later. */
function pointsLayout(points: unknown): { points: unknown[]; pointCount: number } | string {
  if (!Array.isArray(points)) return 'points must be an array';
  if (points.length === 0) return 'points is empty';
  if (points.length > MAX_POINTS_PER_BATCH) return `${points.length} points, more than the ${MAX_POINTS_PER_BATCH} a batch may hold`;
  return { points, pointCount: points.length };
}

function decodeLineProtocol(payload: Buffer, options: DecodeTelemetryOptions): TelemetryDecoding {
  const text = payload.toString('utf8');
  const parsed = parseLineProtocol(text, { precision: options.lineProtocol?.precision ?? 'ns', now: options.lineProtocol?.now ?? Date.now() });
  if (parsed.points.length === 0) {
    const first = parsed.errors[0];
    const reason = first ? `no line could be read; line ${first.line}: ${first.reason}` : 'no line protocol in the message';
    return { ok: false, code: 'bad_line_protocol', reason, seq: null, pointCount: parsed.errors.length };
  }
  // The parser returns points in line order without their line numbers: every line that is
  // neither blank, a comment nor an error holds the next point.
  const failed = new Map(parsed.errors.map((error) => [error.line, error.reason]));
  const result = emptyDecoding(null, parsed.points.length + parsed.errors.length);
  const lines = text.split('\n');
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const trimmed = lines[i]!.trimStart();
    if (trimmed === '' || trimmed === '\r' || trimmed.startsWith('#')) continue;
    const error = failed.get(line);
    const point = error === undefined ? parsed.points[next++] : undefined;
    if (options.only && !options.only.has(line)) continue;
    if (error !== undefined) result.rejections.push({ at: line, problems: [{ code: 'bad_line', message: error }] });
    else if (point !== undefined) keepPoint(result, readStorablePoint(point, `line ${line}: `), line);
  }
  return result;
}

function emptyDecoding(seq: number | null, pointCount: number): DecodedTelemetry {
  return { ok: true, seq, pointCount, points: [], positions: [], rejections: [] };
}

function keepPoint(result: DecodedTelemetry, point: TelemetryPoint | string, at: number): void {
  if (typeof point === 'string') {
    result.rejections.push({ at, problems: [{ code: 'malformed_point', message: point }] });
    return;
  }
  result.points.push(point);
  result.positions.push(at);
}

/** The contract's point, refused when its names or tag values hold unstorable text, its string values escaped (see storable-point.ts). */
function readStorablePoint(raw: unknown, where: string): TelemetryPoint | string {
  const unstorable = unstorablePointText(raw, where);
  if (unstorable !== undefined) return unstorable;
  const point = readPoint(raw);
  return typeof point === 'string' ? point : withStorableFieldValues(point);
}

function invalidBatch(reason: string, seq: number | null, pointCount: number): UnreadableTelemetry {
  return { ok: false, code: 'invalid_batch', reason: `not a telemetry batch: ${reason}`, seq, pointCount };
}
