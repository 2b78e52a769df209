import { BODY_LIMITS, FacilFlowError, telemetryCodecOfSubtopic, type DeadLetterCode, type TelemetryPoint } from '@facilflow/contracts';
import { checkDecodedTelemetry, createSchemaCache, payloadKey, type DeadLetterLimits, type PointRejection, type Services, type UnknownMeasurementPolicy, type WrittenBatch } from '@facilflow/core';
import { telemetryChannel } from '@facilflow/contracts';
import { parseAgentTopic, type AgentTelemetry, type Bus, type WrittenTelemetryStream } from '@facilflow/messaging';
import { isStorageQuotaExceeded, type TimestampPrecision, type WriteResult } from '@facilflow/timeseries';
import { createDecodePool } from './decode-pool/create-decode-pool.ts';
import { mainThreadDecoder } from './decode-pool/main-thread-decoder.ts';
import type { MessageDecoder } from './decode-pool/message-decoder.ts';
import { keepDeadLetter } from './keep-dead-letter.ts';
import { consoleIngestLog, errorMessage, type IngestLog } from './log.ts';
import { UndeliverableCounter, type UndeliverableCount } from './undeliverable-counter.ts';

export interface IngestOptions {
  services: Services;
  /** Where each durable write is appended for its consumers (quality, lineage, alert rules…); default the platform's. */
  stream?: Pick<WrittenTelemetryStream, 'append'>;
  /** Told of each batch the moment it is durable, before the acknowledgement (metrics time receipt → durable with it). */
  onDurable?: (batch: WrittenBatch) => void;
  log?: IngestLog;
  /** Where live updates go (`tenant:{id}:telemetry`); default the platform's bus. */
  bus?: Bus;
  /** A bigger message (JSON or line protocol) is not read: it becomes a dead letter (its first 256 KiB kept). Default `BODY_LIMITS.mqttTelemetryBytes`, 4 MiB. */
  maxPayloadBytes?: number;
  deadLetters?: DeadLetterLimits;
  /** Points of a measurement without a schema: refused into dead letters (default) or stored unchecked. */
  unknownMeasurements?: UnknownMeasurementPolicy;
  /** How long compiled schemas are used before the registry is asked again (default 5 s; local changes apply at once). */
  schemaCacheTtlMs?: number;
  /** Timestamp precision of line protocol (`telemetry/lp`); Telegraf's default, ns, by default. */
  lineProtocolPrecision?: TimestampPrecision;
  /** At most this many points (the last ones) travel in a live update (default 100): encoding them costs the ingest thread. */
  livePointsLimit?: number;
  /** Worker threads that decode messages (JSON, MessagePack, line protocol); 0 (default) decodes on the ingest thread. The schema check and the write stay on it, in arrival order per agent. */
  decodeThreads?: number;
  /** Where messages are decoded instead (e.g. a pool made with its own queue limit); ingest closes it on close(). */
  decoder?: MessageDecoder;
}

export interface IngestStats {
  messages: {
    received: number;
    /** Messages some of whose points were stored. */
    stored: number;
    /** Batches delivered again and dropped (already stored). */
    duplicates: number;
    deadLettered: number;
    /** Refused, and the dead letter could not be recorded either: acknowledged all the same (see `undeliverable()`). */
    undeliverable: number;
    /** Not handled (store or database unavailable): not acknowledged, so delivered again. */
    failed: number;
    /** Not on an agent telemetry topic (external broker only): acknowledged and dropped. */
    ignored: number;
  };
  points: { written: number; rejected: number };
  bytes: number;
  inFlight: number;
  /** Batches appended to the written-telemetry stream, and appends that failed (the points are stored; consumers miss the batch). */
  stream: { appended: number; appendFailed: number };
  schemaCache: { tenants: number; loads: number; hits: number };
}

export interface Ingest {
  /** For the embedded broker: resolves once the message is durable (stored or dead-lettered); the agent gets its PUBACK then. */
  handleAgentTelemetry(telemetry: AgentTelemetry): Promise<void>;
  /** For an external broker (connectIngress): the same, with tenant and agent read from the topic. */
  handleMqttMessage(topic: string, payload: Buffer): Promise<void>;
  stats(): IngestStats;
  /** Messages acknowledged without a dead letter, per (tenant, agent, reason), for a metrics exporter. */
  undeliverable(): UndeliverableCount[];
  /** Refuses new messages (UNAVAILABLE: not acknowledged, delivered again later) and finishes those in flight. */
  close(): Promise<void>;
}

interface Message {
  tenantId: string;
  agentId: string;
  topic: string;
  subtopic: string | null;
  payload: Buffer;
}

/**
 * The receiver pipeline: decode (JSON batch on `telemetry`, line protocol on
 * `telemetry/lp`) → check against the tenant's schemas → write what passes (durable on
 * return; a JSON batch exactly once per (agent, seq)) → dead-letter what does not (one
 * dead letter per message, with the reason per point) → append what was stored to the
 * written-telemetry stream → resolve, which acknowledges; the live update goes on its own time.
 *
 * Invalid data resolves (it is dead-lettered, not redelivered forever); only a failure to
 * make the message durable (store or database unavailable) rejects, so the broker keeps it
 * and it comes again. Many messages are handled at once; the store commits concurrent
 * writes together (group commit).
 *
 * Line protocol carries no sequence number: a line-protocol message delivered twice is
 * stored twice on DuckDB (InfluxDB 3 overwrites identical points).
 */
export function createIngest(options: IngestOptions): Ingest {
  const { services } = options;
  const log = options.log ?? consoleIngestLog;
  const bus = options.bus ?? services.bus;
  const maxPayloadBytes = options.maxPayloadBytes ?? BODY_LIMITS.mqttTelemetryBytes;
  const livePointsLimit = options.livePointsLimit ?? 100;
  const schemas = createSchemaCache({ db: services.db, bus, ...(options.schemaCacheTtlMs === undefined ? {} : { ttlMs: options.schemaCacheTtlMs }) });
  const stream = options.stream ?? services.writtenTelemetry;
  const counts = { received: 0, stored: 0, duplicates: 0, deadLettered: 0, failed: 0, ignored: 0, written: 0, rejected: 0, bytes: 0, appended: 0, appendFailed: 0 };
  const decoder = options.decoder ?? (options.decodeThreads ? createDecodePool({ threads: options.decodeThreads }) : mainThreadDecoder());
  const undeliverable = new UndeliverableCounter();
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let closing: Promise<void> | undefined;

  function handle(message: Message): Promise<void> {
    if (closed) return Promise.reject(new FacilFlowError('UNAVAILABLE', 'ingest is closing: the message is not acknowledged and will come again'));
    const handled = ingestMessage(message).catch((error: unknown) => {
      counts.failed++;
      log.error('telemetry not stored; not acknowledged, so it will come again', { tenantId: message.tenantId, agentId: message.agentId, topic: message.topic, error: errorMessage(error) });
      throw error;
    });
    const tracked = handled.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
    return handled;
  }

  async function ingestMessage(message: Message): Promise<void> {
    const { tenantId, agentId, topic, payload } = message;
    const receivedAt = services.now();
    counts.received++;
    counts.bytes += payload.length;
    const codec = telemetryCodecOfSubtopic(message.subtopic);
    const deadLetter = (fields: { code: DeadLetterCode; reason: string; seq: number | null; pointCount: number; rejections: PointRejection[]; key: string }) =>
      keepDeadLetter(services, { tenantId, agentId, topic, codec: codec ?? message.subtopic ?? 'unknown', payload, receivedAt, ...fields }, options.deadLetters, undeliverable, log).then(
        (kept) => {
          if (kept === 'created') counts.deadLettered++;
        },
      );

    if (codec === null) {
      return deadLetter({
        code: 'unknown_subtopic',
        reason: `telemetry/${message.subtopic} is not a format ingest reads: publish JSON batches on telemetry, MessagePack batches on telemetry/msgpack, line protocol on telemetry/lp`,
        seq: null,
        pointCount: 0,
        rejections: [],
        key: payloadKey(topic, payload),
      });
    }
    if (payload.length > maxPayloadBytes) {
      return deadLetter({
        code: 'oversize',
        reason: `the message is ${payload.length} bytes, over the ${maxPayloadBytes}-byte limit (mqttTelemetryBytes): send smaller batches`,
        seq: null,
        pointCount: 0,
        rejections: [],
        key: payloadKey(topic, payload),
      });
    }

    // A batch is named by (agent, seq): delivered again, it makes the same dead letter; otherwise by its bytes.
    const keyOf = (code: DeadLetterCode, seq: number | null) => (codec !== 'lp' && seq !== null ? `agent:${agentId}:${seq}:${code}` : payloadKey(topic, payload));
    // Decoded in parallel (on a pool), checked and written in arrival order per agent: the turn is released once the write is issued.
    const { decoded, release } = await decoder.decode(`${tenantId}/${agentId}`, codec, payload, {
      agentId,
      lineProtocol: { now: receivedAt.getTime(), ...(options.lineProtocolPrecision ? { precision: options.lineProtocolPrecision } : {}) },
    });
    let result: WriteResult = { written: 0, rejected: [] };
    let check: ReturnType<typeof checkDecodedTelemetry>;
    try {
      const tenantSchemas = await schemas.forTenant(tenantId);
      check = checkDecodedTelemetry(decoded, (measurement) => tenantSchemas.get(measurement), options.unknownMeasurements);
      if (!check.ok) return deadLetter({ code: check.code, reason: check.reason, seq: check.seq, pointCount: check.pointCount, rejections: [], key: keyOf(check.code, check.seq) });
      if (check.points.length > 0) {
        const batch = codec !== 'lp' && check.seq !== null ? { batch: { source: `agent:${agentId}`, seq: check.seq } } : {};
        const writing = services.timeseries.write(tenantId, check.points, batch);
        release();
        try {
          result = await writing;
        } catch (error) {
          // A full tenant store refuses the same points again on every delivery: kept and acknowledged, not resent for ever.
          if (!isStorageQuotaExceeded(error)) throw error;
          return deadLetter({ code: 'storage_quota', reason: error.message, seq: check.seq, pointCount: check.pointCount, rejections: [], key: keyOf('storage_quota', check.seq) });
        }
      }
    } finally {
      release();
    }
    const rejections = check.rejections;
    if (result.rejected.length > 0) {
      for (const refusal of result.rejected) rejections.push({ at: check.positions[refusal.index] ?? -1, problems: [{ code: 'store_refused', message: refusal.reason }] });
      rejections.sort((a, b) => a.at - b.at);
    }
    // A duplicate's dead letter (if any) was recorded on its first delivery, unless that one died in between: recorded at most once either way.
    if (rejections.length > 0) {
      const first = rejections[0]!.problems[0]!.message;
      const unit = codec === 'lp' ? 'lines' : 'points';
      const reason = `${rejections.length} of ${check.pointCount} ${unit} refused: ${first}${rejections.length > 1 ? ` (and ${rejections.length - 1} more)` : ''}`;
      await deadLetter({ code: 'invalid_points', reason, seq: check.seq, pointCount: check.pointCount, rejections, key: keyOf('invalid_points', check.seq) });
    }
    if (result.duplicate) {
      counts.duplicates++;
      return;
    }
    counts.rejected += rejections.length;
    if (result.written === 0) return;
    counts.stored++;
    counts.written += result.written;
    const refused = new Set(result.rejected.map((refusal) => refusal.index));
    const written = refused.size === 0 ? check.points : check.points.filter((_point, i) => !refused.has(i));
    await afterWrite({ tenantId, agentId, points: written, receivedAt });
  }

  /**
   * Before the acknowledgement: the stream append (in memory, or one Redis round trip), so
   * a batch acknowledged is a batch its consumers will see. A failed append is logged and
   * counted, not retried by withholding the acknowledgement: the points are stored, and a
   * redelivery would be dropped as a duplicate anyway.
   */
  async function afterWrite(batch: WrittenBatch): Promise<void> {
    options.onDurable?.(batch);
    try {
      await stream.append(batch);
      counts.appended++;
    } catch (error) {
      if (counts.appendFailed++ % 1000 === 0) log.error('written-telemetry append failed; the points are stored, its consumers miss them', { tenantId: batch.tenantId, error: errorMessage(error) });
    }
    publishLive(batch);
  }

  /** The live update: published on its own time, never awaited by the acknowledgement. */
  function publishLive(batch: WrittenBatch): void {
    const points: readonly TelemetryPoint[] = batch.points.length > livePointsLimit ? batch.points.slice(-livePointsLimit) : batch.points;
    bus
      .publish(telemetryChannel(batch.tenantId), {
        agentId: batch.agentId,
        receivedAt: batch.receivedAt.toISOString(),
        count: batch.points.length,
        points,
        truncated: points.length < batch.points.length,
      })
      .catch((error: unknown) => log.warn('live telemetry update not published', { tenantId: batch.tenantId, error: errorMessage(error) }));
  }

  return {
    handleAgentTelemetry: (telemetry) =>
      handle({ tenantId: telemetry.tenantId, agentId: telemetry.agentId, topic: telemetry.topic, subtopic: telemetry.subtopic, payload: telemetry.payload }),

    handleMqttMessage(topic, payload) {
      const parsed = parseAgentTopic(topic);
      if (parsed?.kind !== 'telemetry') {
        counts.ignored++;
        log.warn('message on a topic that is not agent telemetry: dropped', { topic });
        return Promise.resolve();
      }
      return handle({ tenantId: parsed.tenantId, agentId: parsed.agentId, topic, subtopic: parsed.subtopic, payload });
    },

    stats() {
      return {
        messages: {
          received: counts.received,
          stored: counts.stored,
          duplicates: counts.duplicates,
          deadLettered: counts.deadLettered,
          undeliverable: undeliverable.total(),
          failed: counts.failed,
          ignored: counts.ignored,
        },
        points: { written: counts.written, rejected: counts.rejected },
        bytes: counts.bytes,
        inFlight: inFlight.size,
        stream: { appended: counts.appended, appendFailed: counts.appendFailed },
        schemaCache: schemas.stats(),
      };
    },

    undeliverable: () => undeliverable.snapshot(),

    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.all([...inFlight]);
        await decoder.close();
        await schemas.close();
      })();
      return closing;
    },
  };
}
