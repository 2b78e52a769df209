// npm run bench -- batch-format [--quick]
//
// Telemetry batch formats side by side on the demo plant's data: v1 JSON (every point names its
// measurement, tags and field), v2 JSON and v2 MessagePack (each series once, its points as
// columns), built the way the agent builds them (one point per sample, in a 1 s batch).
// Reports bytes per point on the wire and the cost per point of what ingest does with a message
// before the write: decode and checkTelemetryMessage against the plant's schemas. One process,
// no broker or store: the figures are the format's alone.
import type { MeasurementSchema, TelemetryPoint } from '@facilflow/contracts';
import { toCompactSeries } from '@facilflow/contracts';
import { checkTelemetryMessage, compileMeasurementSchema, type CompiledMeasurementSchema } from '@facilflow/core';
import { DEMO_PLANT_MODEL_PATH, loadPlantModel, plantMeasurementSchemas } from '@facilflow/simulator';
import { Packr } from 'msgpackr';
import { plantTelemetry } from '../../packages/core/test/quality/plant-telemetry.ts';
import { runBench } from '../lib/cleanup.ts';
import { formatCount, formatRatio, table } from '../lib/stats.ts';

const quick = process.argv.includes('--quick');
/** Points per batch the shape aims at: the demo plant copied until one second of it is about this many samples. */
const TARGET_BATCH_POINTS = 500;
const BATCHES = quick ? 20 : 120;
const ROUNDS = quick ? 5 : 15;
const START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);
const AGENT_ID = 'ag_bench';

type Format = 'v1 JSON' | 'v2 JSON' | 'v2 MessagePack';
const FORMATS: readonly Format[] = ['v1 JSON', 'v2 JSON', 'v2 MessagePack'];
// As the agent packs: plain maps, no msgpackr records.
const packr = new Packr({ useRecords: false });

function encode(format: Format, seq: number, points: readonly TelemetryPoint[]): Buffer {
  const envelope = { agentId: AGENT_ID, seq, sentAt: START_MS };
  if (format === 'v1 JSON') return Buffer.from(JSON.stringify({ v: 1, ...envelope, points }));
  const batch = { v: 2, ...envelope, series: toCompactSeries(points) };
  return format === 'v2 JSON' ? Buffer.from(JSON.stringify(batch)) : packr.pack(batch);
}

interface FormatResult {
  bytesPerPoint: number;
  /** Median over rounds of decode + check time per point. */
  nsPerPoint: number;
}

await runBench(async () => {
  const model = await loadPlantModel(DEMO_PLANT_MODEL_PATH);
  const onePlantSecond = plantTelemetry(model, { startMs: START_MS, seed: 1 }).between(0, 1).length;
  const copies = Math.max(1, Math.round(TARGET_BATCH_POINTS / onePlantSecond));
  const plant = plantTelemetry(model, { startMs: START_MS, seed: 1, copies });
  const schemas = new Map<string, CompiledMeasurementSchema>(
    plantMeasurementSchemas(model).map((definition) => {
      const schema: MeasurementSchema = {
        tenantId: 't_bench',
        measurement: definition.measurement,
        version: 1,
        description: null,
        fields: definition.fields.map((field) => ({ ...field, required: false })),
        requiredTags: definition.requiredTags,
        createdBy: 'bench',
        createdAt: new Date(START_MS).toISOString(),
      };
      return [definition.measurement, compileMeasurementSchema(schema)];
    }),
  );

  const batches = Array.from({ length: BATCHES }, (_, second) => plant.between(second, second + 1));
  const points = batches.reduce((sum, batch) => sum + batch.length, 0);
  const series = new Set(batches[0]!.map((point) => JSON.stringify([point.m, point.tags]))).size;
  console.log(`demo plant × ${copies}: ${series} series, ${formatCount(points / BATCHES)} points per 1 s batch, ${BATCHES} batches, ${ROUNDS} rounds`);

  const payloads = new Map(FORMATS.map((format) => [format, batches.map((batch, seq) => ({ payload: encode(format, seq, batch), points: batch.length }))]));
  const check = (format: Format, payload: Buffer) => {
    const result = checkTelemetryMessage({ codec: format === 'v2 MessagePack' ? 'msgpack' : 'json', payload, agentId: AGENT_ID, schemaFor: (measurement) => schemas.get(measurement) });
    if (!result.ok || result.rejections.length > 0) throw new Error(`${format}: the bench's own batch was refused: ${JSON.stringify(result).slice(0, 300)}`);
    return result.points.length;
  };

  const roundTimes = new Map<Format, number[]>(FORMATS.map((format) => [format, []]));
  // Two rounds of warm-up, then the formats interleaved per round, so drift in the machine's load falls on all three.
  for (let round = -2; round < ROUNDS; round++) {
    for (const format of FORMATS) {
      let checked = 0;
      const started = process.hrtime.bigint();
      for (const { payload } of payloads.get(format)!) checked += check(format, payload);
      const elapsed = Number(process.hrtime.bigint() - started);
      if (checked !== points) throw new Error(`${format}: ${checked} points checked, ${points} sent`);
      if (round >= 0) roundTimes.get(format)!.push(elapsed);
    }
  }

  const results = new Map<Format, FormatResult>(
    FORMATS.map((format) => {
      const bytes = payloads.get(format)!.reduce((sum, { payload }) => sum + payload.length, 0);
      const times = [...roundTimes.get(format)!].sort((a, b) => a - b);
      return [format, { bytesPerPoint: bytes / points, nsPerPoint: times[Math.floor(times.length / 2)]! / points }];
    }),
  );
  const v1 = results.get('v1 JSON')!;
  console.log(
    table(
      ['', ...FORMATS],
      [
        ['bytes per point', ...FORMATS.map((format) => results.get(format)!.bytesPerPoint.toFixed(1))],
        ['bytes per point vs v1 JSON', ...FORMATS.map((format) => formatRatio(results.get(format)!.bytesPerPoint / v1.bytesPerPoint))],
        ['decode + check, ns per point (median round)', ...FORMATS.map((format) => formatCount(results.get(format)!.nsPerPoint))],
        ['decode + check vs v1 JSON', ...FORMATS.map((format) => formatRatio(results.get(format)!.nsPerPoint / v1.nsPerPoint))],
        ['points per second of one core', ...FORMATS.map((format) => formatCount(1e9 / results.get(format)!.nsPerPoint))],
      ],
    ),
  );
  const json = results.get('v2 JSON')!;
  const msgpack = results.get('v2 MessagePack')!;
  console.log(
    `batch-format: ${json.bytesPerPoint.toFixed(1)} bytes/point as v2 JSON (${formatRatio(json.bytesPerPoint / v1.bytesPerPoint)} vs v1 JSON), ` +
      `${msgpack.bytesPerPoint.toFixed(1)} as v2 MessagePack (${formatRatio(msgpack.bytesPerPoint / v1.bytesPerPoint)}); decode + check ${formatCount(json.nsPerPoint)} ns/point v2 JSON ` +
      `(${formatRatio(json.nsPerPoint / v1.nsPerPoint)} vs v1 JSON), ${formatCount(msgpack.nsPerPoint)} v2 MessagePack (${formatRatio(msgpack.nsPerPoint / v1.nsPerPoint)})`,
  );
});
