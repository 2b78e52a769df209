import type { MeasurementSchema } from '@facilflow/contracts';
import { checkTelemetryMessage, compileMeasurementSchema, type UnknownMeasurementPolicy } from '@facilflow/core';
import { parseLineProtocol, type TimestampPrecision } from '@facilflow/timeseries';
import fc from 'fast-check';
import { lineProtocolPayload } from '../arbitraries/line-protocol.ts';
import { jsonBatchPayload } from '../arbitraries/telemetry-batch.ts';
import { describeInput } from '../describe.ts';
import { describeError, type Outcome } from '../outcome.ts';
import type { Target } from '../target.ts';
import type { World } from '../world.ts';

export interface CodecCase {
  codec: 'json' | 'lp' | 'lp-parser';
  payload: Buffer;
  unknownMeasurements: UnknownMeasurementPolicy;
  precision: TimestampPrecision;
}

/**
 * The decode-and-check step every message goes through (checkTelemetryMessage) and the
 * line-protocol parser under it, called directly: pure functions, so this is where most of
 * the codec inputs go. They must answer — a refusal is data (`ok: false`, rejections,
 * parse errors), never a throw.
 */
export async function ingestCodecsTarget(world: World): Promise<Target<CodecCase>> {
  const got = (await world.t.call(world.checker, 'schemas.get', { measurement: 'oven' })) as { schema: MeasurementSchema };
  const oven = compileMeasurementSchema(got.schema);
  const agentIds = [world.agentA.agentId, world.agentB.agentId];
  const arbitrary = fc
    .record({
      message: fc.oneof(
        jsonBatchPayload(agentIds).map((payload) => ({ codec: 'json' as const, payload })),
        lineProtocolPayload.map((payload) => ({ codec: 'lp' as const, payload })),
        lineProtocolPayload.map((payload) => ({ codec: 'lp-parser' as const, payload })),
      ),
      unknownMeasurements: fc.constantFrom<UnknownMeasurementPolicy>('reject', 'accept'),
      precision: fc.constantFrom<TimestampPrecision>('ns', 'us', 'ms', 's'),
    })
    .map(({ message, ...rest }): CodecCase => ({ ...message, ...rest }));

  return {
    name: 'ingest-codecs',
    arbitrary,
    subject: (c) => (c.codec === 'lp-parser' ? 'parseLineProtocol' : `checkTelemetryMessage(${c.codec})`),
    describe: (c) => `${c.payload.length} bytes, ${c.unknownMeasurements}, ${c.precision}: ${describeInput(c.payload.toString('utf8'))}`,
    async execute(c): Promise<Outcome> {
      try {
        if (c.codec === 'lp-parser') {
          const parsed = parseLineProtocol(c.payload.toString('utf8'), { precision: c.precision, now: 1_700_000_000_000 });
          if (!Array.isArray(parsed.points) || !Array.isArray(parsed.errors)) return { kind: 'crash', error: 'parseLineProtocol returned no points/errors arrays' };
          return { kind: 'ok' };
        }
        const result = checkTelemetryMessage({
          codec: c.codec,
          payload: c.payload,
          agentId: world.agentA.agentId,
          schemaFor: (m) => (m === 'oven' ? oven : undefined),
          unknownMeasurements: c.unknownMeasurements,
          lineProtocol: { precision: c.precision, now: 1_700_000_000_000 },
        });
        if (result.ok && result.points.length !== result.positions.length) return { kind: 'crash', error: 'points and positions differ in length' };
        return result.ok ? { kind: 'ok' } : { kind: 'refused', code: result.code };
      } catch (error) {
        return { kind: 'crash', error: `threw ${describeError(error)}` };
      }
    },
  };
}
