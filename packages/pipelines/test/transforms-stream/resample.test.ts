import type { PipelineRow } from '@facilflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resampleComponent } from '../../src/components/transforms/stream/resample.ts';
import { canonical, chunk, mulberry32, openStream, runBatch, runStream, shuffleWithin, type StreamStep } from './stage-context.ts';

const at = (time: number, flow: number | null, machine = 'A'): PipelineRow => ({ time, machine, flow });
const config = (method: string, extra: Record<string, unknown> = {}) => ({ fields: ['flow'], groupBy: ['machine'], intervalMs: 1000, method, maxGapMs: 3000, ...extra });
const resample = async (method: string, rows: PipelineRow[], extra: Record<string, unknown> = {}) =>
  (await runBatch(resampleComponent, config(method, extra), [{ ref: 'in', rows }])).rows.map((row) => [row.time, row.flow]);

describe('transform.resample', () => {
  it('refuses bad configs', () => {
    for (const bad of [config('cubic'), { ...config('linear'), intervalMs: 0 }, { ...config('linear'), fields: [] }, { ...config('linear'), maxGapMs: -1 }]) {
      expect(resampleComponent.config.safeParse(bad).success).toBe(false);
    }
    expect(resampleComponent.config.safeParse(resampleComponent.examples[0]!.with).success).toBe(true);
  });

  const irregular = [at(500, 10), at(2500, 30), at(9000, 90)];

  it('holds the previous value up to the max gap', async () => {
    expect(await resample('previous', irregular)).toEqual([
      [1000, 10],
      [2000, 10],
      [3000, 30],
      [4000, 30],
      [5000, 30],
      [6000, null],
      [7000, null],
      [8000, null],
      [9000, 90],
    ]);
  });

  it('interpolates linearly between samples no further apart than the max gap', async () => {
    expect(await resample('linear', irregular)).toEqual([
      [1000, 15],
      [2000, 25],
      [3000, null],
      [4000, null],
      [5000, null],
      [6000, null],
      [7000, null],
      [8000, null],
      [9000, 90],
    ]);
  });

  it('leaves gaps null with none', async () => {
    expect(await resample('none', irregular)).toEqual([
      [1000, 10],
      [2000, null],
      [3000, 30],
      [4000, null],
      [5000, null],
      [6000, null],
      [7000, null],
      [8000, null],
      [9000, 90],
    ]);
  });

  it('skips null inputs as samples, keeps keys apart, and gives nothing for empty input', async () => {
    expect(await resample('linear', [at(0, 0), at(1000, null), at(2000, 20)])).toEqual([
      [0, 0],
      [1000, 10],
      [2000, 20],
    ]);
    const twoKeys = (await runBatch(resampleComponent, config('previous'), [{ ref: 'in', rows: [at(0, 1, 'A'), at(1000, 2, 'A'), at(0, 5, 'B')] }])).rows;
    expect(twoKeys).toEqual([
      { time: 0, machine: 'A', flow: 1 },
      { time: 0, machine: 'B', flow: 5 },
      { time: 1000, machine: 'A', flow: 2 },
    ]);
    expect(await resample('linear', [])).toEqual([]);
  });

  it('emits a grid point only when the watermark makes it final, closes on advance, and sends rows behind the watermark to late', async () => {
    const operator = openStream(resampleComponent, config('linear', { maxOutOfOrderMs: 500 }));
    expect((await operator.process('in', [at(0, 0), at(2000, 20)])).rows).toEqual([{ time: 0, machine: 'A', flow: 0 }]);
    const next = await operator.process('in', [at(1000, 99), at(1600, 32), at(2600, 26)]);
    expect(next.ports?.late).toEqual([at(1000, 99)]);
    expect(next.rows.map((row) => [row.time, row.flow])).toEqual([
      [1000, 20],
      [2000, 20],
    ]);
    expect((await operator.process('in', [at(4000, 40)])).rows).toEqual([]);
    expect((await operator.advance(4001)).rows.map((row) => [row.time, row.flow])).toEqual([
      [3000, 30],
      [4000, 40],
    ]);
    expect((await operator.advance(60_000)).rows).toEqual([]);
  });

  it('refuses a grid that would flood the output', async () => {
    await expect(runBatch(resampleComponent, { ...config('previous'), intervalMs: 1, maxOutputRows: 100 }, [{ ref: 'in', rows: [at(0, 1), at(10_000, 2)] }])).rejects.toThrow(/more than 100 rows/);
  });

  it('streams, shuffled within the out-of-orderness, chunked and restarted anywhere, the rows the batch gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 60_000 }), { maxLength: 40 }),
        fc.constantFrom('previous', 'linear', 'none'),
        fc.array(fc.nat(40), { maxLength: 5 }),
        fc.nat(5),
        fc.integer(),
        async (times, method, cuts, restartAt, seed) => {
          const random = mulberry32(seed);
          const rows = times.map((time) => at(time, random() < 0.15 ? null : Math.round(random() * 100), time % 3 === 0 ? 'A' : 'B'));
          const raw = config(method, { maxOutOfOrderMs: 4000, intervalMs: 700, maxGapMs: 2500 });
          const batch = await runBatch(resampleComponent, raw, [{ ref: 'in', rows }]);
          const steps: StreamStep[] = chunk(shuffleWithin(rows, 4000, random), cuts).map((part) => ({ ref: 'in', rows: part }));
          steps.splice(Math.min(restartAt, steps.length), 0, { checkpoint: true });
          const stream = await runStream(resampleComponent, raw, [...steps, { watermark: Number.POSITIVE_INFINITY }]);
          expect(stream.late).toEqual([]);
          expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
        },
      ),
      { numRuns: 100 },
    );
  });
});
