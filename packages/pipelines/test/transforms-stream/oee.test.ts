import type { PipelineRow } from '@facilflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oeeComponent } from '../../src/components/transforms/stream/oee.ts';
import { canonical, chunk, mulberry32, openStream, runBatch, runStream, shuffleWithin, stageContext, parseConfig, type StreamStep } from './stage-context.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const config = { groupBy: ['line'], windowMs: HOUR, totalCountField: 'total', goodCountField: 'good', stateField: 'state', idealCycleTimeMs: 2000 };
const at = (time: number, fields: Record<string, string | number | null>, line = 'L1'): PipelineRow => ({ time, line, ...fields });

describe('transform.oee', () => {
  it('refuses bad configs', () => {
    for (const bad of [{ ...config, idealCycleTimeMs: 0 }, { ...config, windowMs: undefined }, { ...config, runningStates: ['running'], plannedStopStates: ['running'] }, { ...config, counterWrapAt: 1.5 }]) {
      expect(oeeComponent.config.safeParse(bad).success).toBe(false);
    }
    expect(oeeComponent.config.safeParse(oeeComponent.examples[0]!.with).success).toBe(true);
  });

  it('computes availability × performance × quality per window from states and counters', async () => {
    const rows = [
      at(0, { state: 'running', total: 100, good: 90 }),
      at(30 * MINUTE, { state: 'down' }),
      at(40 * MINUTE, { state: 'running' }),
      at(50 * MINUTE, { state: 'planned_stop', total: 700, good: 640 }),
    ];
    const { rows: out } = await runBatch(oeeComponent, config, [{ ref: 'in', rows }]);
    expect(out).toHaveLength(1);
    const [hour] = out;
    expect(hour).toMatchObject({ time: 0, windowEnd: HOUR, line: 'L1', runTimeMs: 40 * MINUTE, plannedTimeMs: 50 * MINUTE, totalCount: 600, goodCount: 550 });
    expect(hour!.availability).toBeCloseTo(0.8, 12);
    expect(hour!.performance).toBeCloseTo((2000 * 600) / (40 * MINUTE), 12);
    expect(hour!.quality).toBeCloseTo(550 / 600, 12);
    expect(hour!.oee).toBeCloseTo(0.8 * ((2000 * 600) / (40 * MINUTE)) * (550 / 600), 12);
  });

  it('treats a counter decrease as a reset, or as a wrap with counterWrapAt, never as negative pieces', async () => {
    const rows = [at(0, { state: 'running', total: 65_530, good: 10 }), at(MINUTE, { total: 4, good: 12 }), at(2 * MINUTE, { total: 10, good: 2 })];
    const reset = (await runBatch(oeeComponent, config, [{ ref: 'in', rows }])).rows[0]!;
    expect(reset).toMatchObject({ totalCount: 4 + 6, goodCount: 2 + 2 });
    const wrapped = (await runBatch(oeeComponent, { ...config, counterWrapAt: 65_536 }, [{ ref: 'in', rows }])).rows[0]!;
    expect(wrapped).toMatchObject({ totalCount: 6 + 4 + 6, goodCount: 2 + (65_536 - 12 + 2) });
  });

  it('skips null readings, does not count time before the first state, gives null ratios for zero denominators, and nothing for empty input', async () => {
    const rows = [at(10 * MINUTE, { total: 5, good: null }), at(20 * MINUTE, { total: null, good: 5, state: 'idle' }), at(30 * MINUTE, { total: 5, good: 5 })];
    const [hour] = (await runBatch(oeeComponent, config, [{ ref: 'in', rows }])).rows;
    expect(hour).toMatchObject({ plannedTimeMs: 40 * MINUTE, runTimeMs: 0, totalCount: 0, goodCount: 0, availability: 0, performance: null, quality: null, oee: 0 });
    expect((await runBatch(oeeComponent, config, [{ ref: 'in', rows: [] }])).rows).toEqual([]);
  });

  it('splits state time across windows and counts a batch run up to its range end', async () => {
    const parsed = parseConfig<Parameters<NonNullable<typeof oeeComponent.run>>[0]['config']>(oeeComponent, config);
    const output = await oeeComponent.run!(stageContext(parsed, { range: { from: 0, to: 2.5 * HOUR } }), [{ ref: 'in', rows: [at(30 * MINUTE, { state: 'running' })] }]);
    expect(output.rows.map((row) => [row.time, row.runTimeMs])).toEqual([
      [0, 30 * MINUTE],
      [HOUR, HOUR],
      [2 * HOUR, 30 * MINUTE],
    ]);
  });

  it('closes windows of a machine that went quiet when the executor advances the watermark, and sends late rows to the late port', async () => {
    const operator = openStream(oeeComponent, { ...config, maxOutOfOrderMs: MINUTE });
    expect((await operator.process('in', [at(0, { state: 'running', total: 0, good: 0 }), at(10 * MINUTE, { total: 300, good: 300 })])).rows).toEqual([]);
    expect((await operator.advance(HOUR - 1)).rows).toEqual([]);
    const [first] = (await operator.advance(HOUR)).rows;
    expect(first).toMatchObject({ time: 0, runTimeMs: HOUR, plannedTimeMs: HOUR, totalCount: 300, availability: 1 });
    expect((await operator.advance(2 * HOUR)).rows).toMatchObject([{ time: HOUR, runTimeMs: HOUR, totalCount: 0, performance: 0 }]);
    expect((await operator.process('in', [at(30 * MINUTE, { total: 999 })])).ports?.late).toEqual([at(30 * MINUTE, { total: 999 })]);
  });

  it('streams, shuffled within the out-of-orderness, chunked and restarted anywhere, the windows the batch gives', async () => {
    const stateNames = ['running', 'idle', 'down', 'planned_stop'];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 5 }), fc.nat(5), fc.integer(), async (times, cuts, restartAt, seed) => {
        const random = mulberry32(seed);
        const counters = new Map<string, number>();
        const rows = [...times]
          .sort((a, b) => a - b)
          .map((time) => {
            const line = random() < 0.5 ? 'L1' : 'L2';
            const count = (counters.get(line) ?? 0) + Math.floor(random() * 50);
            counters.set(line, random() < 0.05 ? 0 : count);
            return at(time, { state: random() < 0.3 ? stateNames[Math.floor(random() * 4)]! : null, total: counters.get(line)!, good: Math.floor(counters.get(line)! * 0.9) }, line);
          });
        const raw = { ...config, maxOutOfOrderMs: 10 * MINUTE };
        const batch = await runBatch(oeeComponent, raw, [{ ref: 'in', rows }]);
        const lastEnd = (Math.floor(Math.max(...times) / HOUR) + 1) * HOUR;
        const steps: StreamStep[] = chunk(shuffleWithin(rows, 10 * MINUTE, random), cuts).map((part) => ({ ref: 'in', rows: part }));
        steps.splice(Math.min(restartAt, steps.length), 0, { checkpoint: true });
        const stream = await runStream(oeeComponent, raw, [...steps, { watermark: lastEnd }]);
        expect(stream.late).toEqual([]);
        expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
      }),
      { numRuns: 100 },
    );
  });
});
