import type { PipelineRow } from '@facilflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowAggregateComponent } from '../../src/components/transforms/stream/window-aggregate.ts';
import { canonical, chunk, mulberry32, openStream, runBatch, runStream, shuffleWithin, type StreamStep } from './stage-context.ts';

const MINUTE = 60_000;
const perMachineAverage = {
  window: { type: 'tumbling', sizeMs: MINUTE },
  groupBy: ['machine'],
  aggregations: [
    { as: 'avg', fn: 'avg', field: 'temp' },
    { as: 'n', fn: 'count' },
    { as: 'last', fn: 'last', field: 'temp' },
  ],
};

const sample = (time: number, machine: string, temp: number | null): PipelineRow => ({ time, machine, temp });

describe('transform.window-aggregate config', () => {
  it('refuses configs a spec author could get wrong, at the field that is wrong', () => {
    const refused = (raw: Record<string, unknown>) => windowAggregateComponent.config.safeParse(raw);
    expect(refused({ ...perMachineAverage, window: { type: 'sliding', sizeMs: MINUTE, slideMs: 2 * MINUTE } }).error?.issues[0]?.path).toEqual(['window', 'slideMs']);
    expect(refused({ ...perMachineAverage, aggregations: [{ as: 'x', fn: 'avg' }] }).error?.issues[0]?.path).toEqual(['aggregations', 0, 'field']);
    expect(refused({ ...perMachineAverage, aggregations: [{ as: 'machine', fn: 'count' }] }).success).toBe(false);
    expect(refused({ ...perMachineAverage, aggregations: [{ as: 'a', fn: 'median', field: 'temp' }] }).success).toBe(false);
    expect(refused({ ...perMachineAverage, window: { type: 'tumbling', sizeMs: 0 } }).success).toBe(false);
    expect(refused({ ...perMachineAverage, aggregations: [] }).success).toBe(false);
    expect(windowAggregateComponent.config.safeParse(windowAggregateComponent.examples[0]!.with).success).toBe(true);
  });
});

describe('transform.window-aggregate behaviour', () => {
  it('averages per machine and minute, skipping nulls, and emits nothing for empty windows or empty input', async () => {
    const rows = [sample(0, 'A', 10), sample(30_000, 'A', 20), sample(40_000, 'A', null), sample(10_000, 'B', 5), sample(3 * MINUTE + 1, 'A', 7)];
    const { rows: out } = await runBatch(windowAggregateComponent, perMachineAverage, [{ ref: 'in', rows }]);
    expect(out).toEqual([
      { time: 0, windowEnd: MINUTE, machine: 'A', avg: 15, n: 3, last: 20, revision: 0 },
      { time: 0, windowEnd: MINUTE, machine: 'B', avg: 5, n: 1, last: 5, revision: 0 },
      { time: 3 * MINUTE, windowEnd: 4 * MINUTE, machine: 'A', avg: 7, n: 1, last: 7, revision: 0 },
    ]);
    expect((await runBatch(windowAggregateComponent, perMachineAverage, [{ ref: 'in', rows: [] }])).rows).toEqual([]);
  });

  it('computes min, max, sum, first, stddev and percentiles', async () => {
    const config = {
      window: { type: 'tumbling', sizeMs: MINUTE },
      aggregations: ['min', 'max', 'sum', 'first', 'stddev', 'p50', 'p95'].map((fn) => ({ as: fn, fn, field: 'v' })),
    };
    const rows = [4, 1, 3, 2].map((v, index) => ({ time: 40_000 - index * 1000, v }));
    const { rows: out } = await runBatch(windowAggregateComponent, config, [{ ref: 'in', rows }]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ min: 1, max: 4, sum: 10, first: 2, p50: 2.5 });
    expect(out[0]!.stddev).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(out[0]!.p95).toBeCloseTo(3.85, 12);
  });

  it('assigns a row to every sliding window that holds it', async () => {
    const config = { window: { type: 'sliding', sizeMs: 3 * MINUTE, slideMs: MINUTE }, aggregations: [{ as: 'n', fn: 'count' }] };
    const { rows: out } = await runBatch(windowAggregateComponent, config, [{ ref: 'in', rows: [{ time: 2.5 * MINUTE }] }]);
    expect(out.map((row) => [row.time, row.windowEnd, row.n])).toEqual([
      [0, 3 * MINUTE, 1],
      [MINUTE, 4 * MINUTE, 1],
      [2 * MINUTE, 5 * MINUTE, 1],
    ]);
  });

  it('closes a session after the gap with no row and merges sessions a row bridges', async () => {
    const config = { window: { type: 'session', gapMs: 10_000 }, groupBy: ['machine'], aggregations: [{ as: 'n', fn: 'count' }], maxOutOfOrderMs: 20_000 };
    const rows = [sample(0, 'A', 1), sample(5_000, 'A', 1), sample(14_000, 'A', 1), sample(30_000, 'A', 1), sample(100_000, 'A', 1)];
    const { rows: out } = await runBatch(windowAggregateComponent, config, [{ ref: 'in', rows }]);
    expect(out.map((row) => [row.time, row.windowEnd, row.n])).toEqual([
      [0, 24_000, 3],
      [30_000, 40_000, 1],
      [100_000, 110_000, 1],
    ]);
    const bridged = await runStream(windowAggregateComponent, config, [
      { ref: 'in', rows: [sample(0, 'A', 1), sample(18_000, 'A', 1)] },
      { ref: 'in', rows: [sample(9_000, 'A', 1)] },
      { watermark: Number.POSITIVE_INFINITY },
    ]);
    expect(bridged.rows.map((row) => [row.time, row.windowEnd, row.n])).toEqual([[0, 28_000, 3]]);
  });

  it('refuses rows without a numeric time and non-numeric values for numeric aggregations', async () => {
    await expect(runBatch(windowAggregateComponent, perMachineAverage, [{ ref: 'in', rows: [{ machine: 'A', temp: 1 }] }])).rejects.toThrow(/numeric "time"/);
    await expect(runBatch(windowAggregateComponent, perMachineAverage, [{ ref: 'in', rows: [{ time: 1, machine: 'A', temp: 'hot' }] }])).rejects.toThrow(/"temp" must hold a number/);
  });
});

describe('transform.window-aggregate in event time', () => {
  const config = { ...perMachineAverage, maxOutOfOrderMs: 5_000, allowedLatenessMs: 30_000 };

  it('waits for the watermark, takes out-of-order rows, re-emits a window for a row within lateness and sends later rows to the late port', async () => {
    const out = await runStream(windowAggregateComponent, config, [
      { ref: 'in', rows: [sample(10_000, 'A', 10), sample(50_000, 'A', 20)] },
      { ref: 'in', rows: [sample(62_000, 'A', 1), sample(58_000, 'A', 30)] },
      { ref: 'in', rows: [sample(66_000, 'A', 2)] },
      { ref: 'in', rows: [sample(20_000, 'A', 40)] },
      { ref: 'in', rows: [sample(95_000, 'A', 3), sample(30_000, 'A', 50)] },
    ]);
    expect(out.rows).toEqual([
      { time: 0, windowEnd: MINUTE, machine: 'A', avg: 20, n: 3, last: 30, revision: 0 },
      { time: 0, windowEnd: MINUTE, machine: 'A', avg: 25, n: 4, last: 30, revision: 1 },
    ]);
    expect(out.late).toEqual([sample(30_000, 'A', 50)]);
  });

  it('closes windows of an idle source when the executor advances the watermark', async () => {
    const operator = openStream(windowAggregateComponent, config);
    expect((await operator.process('in', [sample(1_000, 'A', 4)])).rows).toEqual([]);
    expect((await operator.advance(59_999)).rows).toEqual([]);
    expect((await operator.advance(MINUTE)).rows).toEqual([{ time: 0, windowEnd: MINUTE, machine: 'A', avg: 4, n: 1, last: 4, revision: 0 }]);
    expect((await operator.advance(2 * MINUTE)).rows).toEqual([]);
  });

  it('fails loudly instead of dropping state past its bounds', async () => {
    const operator = openStream(windowAggregateComponent, { ...config, maxKeys: 2 });
    await expect(async () => operator.process('in', [sample(1, 'A', 1), sample(2, 'B', 1), sample(3, 'C', 1)])).rejects.toThrow(/2 keys/);
    const bounded = openStream(windowAggregateComponent, { ...config, maxBufferedRows: 2 });
    await expect(async () => bounded.process('in', [sample(1, 'A', 1), sample(2, 'A', 1), sample(3, 'A', 1)])).rejects.toThrow(/2 buffered rows/);
  });
});

describe('transform.window-aggregate batch = stream, restarts', () => {
  const machines = ['A', 'B', 'C'];
  const rowsArbitrary = fc
    .uniqueArray(fc.integer({ min: 0, max: 600_000 }), { minLength: 0, maxLength: 80 })
    .chain((times) => fc.tuple(fc.constant(times), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: times.length, maxLength: times.length })))
    .map(([times, values]) => times.map((time, index) => sample(time, machines[time % 3]!, values[index]! % 7 === 0 ? null : values[index]!)));
  const windows = [
    { type: 'tumbling', sizeMs: MINUTE },
    { type: 'sliding', sizeMs: 2 * MINUTE, slideMs: 30_000 },
    { type: 'session', gapMs: 20_000 },
  ];

  it('gives the batch output for any chunking, with shuffles within the out-of-orderness and a restart at any checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArbitrary, fc.constantFrom(...windows), fc.array(fc.nat(80), { maxLength: 6 }), fc.nat(6), fc.integer(), async (rows, window, cuts, restartAt, seed) => {
        const raw = {
          window,
          groupBy: ['machine'],
          maxOutOfOrderMs: 20_000,
          aggregations: [
            { as: 'avg', fn: 'avg', field: 'temp' },
            { as: 'n', fn: 'count' },
            { as: 'first', fn: 'first', field: 'temp' },
            { as: 'p95', fn: 'p95', field: 'temp' },
          ],
        };
        const batch = await runBatch(windowAggregateComponent, raw, [{ ref: 'in', rows }]);
        const random = mulberry32(seed);
        const steps: StreamStep[] = chunk(shuffleWithin(rows, 20_000, random), cuts).map((part) => ({ ref: 'in', rows: part }));
        steps.splice(Math.min(restartAt, steps.length), 0, { checkpoint: true });
        const stream = await runStream(windowAggregateComponent, raw, [...steps, { watermark: Number.POSITIVE_INFINITY }]);
        expect(stream.late).toEqual([]);
        expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
      }),
      { numRuns: 150 },
    );
  });

  it('resumes from a snapshot taken mid-window, with lateness pending, as if never stopped', async () => {
    const raw = { ...perMachineAverage, maxOutOfOrderMs: 5_000, allowedLatenessMs: 30_000 };
    const parts: StreamStep[] = [
      { ref: 'in', rows: [sample(10_000, 'A', 10), sample(20_000, 'B', 3)] },
      { ref: 'in', rows: [sample(70_000, 'A', 1)] },
      { ref: 'in', rows: [sample(30_000, 'A', 40)] },
      { ref: 'in', rows: [sample(80_000, 'B', 8)] },
      { watermark: 200_000 },
    ];
    const uninterrupted = await runStream(windowAggregateComponent, raw, parts);
    for (let at = 0; at <= parts.length; at += 1) {
      const restarted = await runStream(windowAggregateComponent, raw, [...parts.slice(0, at), { checkpoint: true }, ...parts.slice(at)]);
      expect(restarted).toEqual(uninterrupted);
    }
    expect(uninterrupted.rows.filter((row) => row.revision === 1)).toHaveLength(1);
  });
});
