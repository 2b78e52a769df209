import { pipelineSpecSchema, type PipelineRow, type TelemetryPoint } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createStreamRunner, defineComponent, findComponent, type ComponentDefinition, type StreamCheckpoint } from '../../src/index.ts';
import { RecordingServices } from '../sources-sinks/recording-services.ts';

// A one-minute mean per machine, closed by the watermark: enough state to show checkpoints hold.
const minuteMean = defineComponent({
  name: 'transform.test-minute-mean',
  category: 'transform',
  title: 'Minute mean (test)',
  description: 'test only',
  config: z.object({ field: z.string() }),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['stream'],
  examples: [],
  stream(context, restored) {
    const open = new Map<string, { sum: number; count: number }>(Object.entries((restored as Record<string, { sum: number; count: number }> | null) ?? {}));
    return {
      process(_ref, rows) {
        for (const row of rows) {
          const value = row[context.config.field];
          if (typeof value !== 'number' || typeof row.time !== 'number') continue;
          const key = `${Math.floor(row.time / 60_000) * 60_000}|${String(row.machine)}`;
          const window = open.get(key) ?? { sum: 0, count: 0 };
          window.sum += value;
          window.count++;
          open.set(key, window);
        }
        return { rows: [] };
      },
      advance(watermark) {
        const closed: PipelineRow[] = [];
        for (const [key, window] of [...open].sort(([first], [second]) => first.localeCompare(second))) {
          const [start, machine] = key.split('|');
          if (Number(start) + 60_000 > watermark) continue;
          closed.push({ time: Number(start), machine: machine ?? '', mean: window.sum / window.count });
          open.delete(key);
        }
        return { rows: closed };
      },
      snapshot: () => Object.fromEntries(open),
    };
  },
});

const exploding = defineComponent({
  name: 'transform.test-explode',
  category: 'transform',
  title: 'Explode (test)',
  description: 'test only',
  config: z.object({}),
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['stream'],
  examples: [],
  stream: () => ({
    process: (_ref, rows) => {
      if (rows.some((row) => row.ZoneTemperature1 === 999)) throw new Error('poison value');
      return { rows };
    },
    advance: () => ({ rows: [] }),
    snapshot: () => null,
  }),
});

const components = (name: string): ComponentDefinition | undefined =>
  name === minuteMean.name ? minuteMean : name === exploding.name ? exploding : findComponent(name);

const spec = pipelineSpecSchema.parse({
  name: 'Oven 1-minute mean',
  triggers: [{ type: 'stream', measurement: 'oven' }],
  stages: [
    { id: 'ovens', use: 'source.live-stream', with: { measurement: 'oven', fields: ['ZoneTemperature1'] } },
    { id: 'mean', use: 'transform.test-minute-mean', with: { field: 'ZoneTemperature1' }, needs: ['ovens'] },
    { id: 'store', use: 'sink.timeseries-write', with: { measurement: 'oven_1m', tags: ['machine'], fields: ['mean'] }, needs: ['mean'] },
  ],
});

function batches(): TelemetryPoint[][] {
  const start = Date.UTC(2026, 11, 1, 8, 0);
  const all: TelemetryPoint[][] = [];
  for (let second = 0; second < 300; second += 10) {
    all.push(
      ['Oven1', 'Oven2'].map((machine, index) => ({ m: 'oven', tags: { machine }, f: { ZoneTemperature1: 200 + index * 30 + (second % 60) / 10 }, t: start + second * 1000 })),
    );
  }
  return all;
}

function runnerWith(services: RecordingServices, restored: StreamCheckpoint | null = null) {
  return createStreamRunner({
    spec,
    findComponent: components,
    restored,
    contextFor: () => ({ tenantId: 't1', pipelineId: 'pl_1', runId: 'stream', attempt: 1, params: {}, range: null, vars: new Map(), services, signal: new AbortController().signal, log: () => undefined }),
  });
}

/** Feeds a batch, then tells the stages event time reached its latest point. */
async function feed(runner: ReturnType<typeof runnerWith>, batch: TelemetryPoint[]) {
  const result = await runner.ingest(batch);
  expect(result.failure).toBeNull();
  await runner.advance(Math.max(...batch.map((point) => point.t)));
}

/** What the store keeps: one write per (source, seq), as the time-series store's batch ledger does. */
function keptWrites(services: RecordingServices) {
  const kept = new Map<string, readonly PipelineRow[]>();
  for (const write of services.writes) kept.set(`${write.batch?.source}#${write.batch?.seq}`, write.rows);
  return [...kept.values()].flat();
}

describe('stream runner', () => {
  it('runs a live-stream source through a window into a sink, closing windows on the watermark', async () => {
    const services = new RecordingServices();
    const runner = runnerWith(services);
    for (const batch of batches()) await feed(runner, batch);
    const rows = keptWrites(services);
    // Minutes 08:00-08:03 closed (08:04 is still open at the last point, 08:04:50).
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ time: Date.UTC(2026, 11, 1, 8, 0), machine: 'Oven1', mean: 202.5 });
    expect(services.writes.every((write) => write.batch?.source === 'pipeline:pl_1/store')).toBe(true);
  });

  it('restored from a checkpoint and replayed from its position, writes what an uninterrupted run writes, nothing twice', async () => {
    const uninterrupted = new RecordingServices();
    const reference = runnerWith(uninterrupted);
    for (const batch of batches()) await feed(reference, batch);

    const crashed = new RecordingServices();
    const first = runnerWith(crashed);
    const all = batches();
    for (const batch of all.slice(0, 11)) await feed(first, batch);
    // The checkpoint goes through JSON, as it does to the database.
    const saved = JSON.parse(JSON.stringify(first.checkpoint())) as StreamCheckpoint;
    // Processed after the checkpoint, then the process dies: these batches come again.
    for (const batch of all.slice(11, 20)) await feed(first, batch);
    const second = runnerWith(crashed, saved);
    for (const batch of all.slice(11)) await feed(second, batch);

    expect(keptWrites(crashed)).toEqual(keptWrites(uninterrupted));
    expect(crashed.writes.length).toBeGreaterThan(new Set(crashed.writes.map((write) => write.batch?.seq)).size);
  });

  it('stops a feed at the stage that throws and names it with the rows it was given', async () => {
    const services = new RecordingServices();
    const poisoned = pipelineSpecSchema.parse({
      ...spec,
      stages: [spec.stages[0], { id: 'guard', use: 'transform.test-explode', needs: ['ovens'] }, { ...spec.stages[2], needs: ['guard'] }],
    });
    const runner = createStreamRunner({
      spec: poisoned,
      findComponent: components,
      contextFor: () => ({ tenantId: 't1', pipelineId: 'pl_1', runId: 'stream', attempt: 1, params: {}, range: null, vars: new Map(), services, signal: new AbortController().signal, log: () => undefined }),
    });
    const result = await runner.ingest([{ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 999 }, t: 1 }]);
    expect(result.failure).toEqual({ stageId: 'guard', message: 'poison value', sample: [{ time: 1, machine: 'Oven1', ZoneTemperature1: 999 }] });
    expect(services.writes).toEqual([]);
    expect((await runner.ingest([{ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 20 }, t: 2 }])).failure).toBeNull();
    expect(services.writes).toHaveLength(1);
  });

  it('refuses a stage that cannot run on a stream', () => {
    const batchOnly = pipelineSpecSchema.parse({
      name: 'x',
      triggers: [{ type: 'stream', measurement: 'oven' }],
      stages: [{ id: 'query', use: 'source.timeseries-query', with: { sql: 'SELECT 1' } }],
    });
    expect(() => createStreamRunner({ spec: batchOnly, findComponent: components, contextFor: () => { throw new Error('not reached'); } })).toThrow(/does not run on a stream/);
  });
});
