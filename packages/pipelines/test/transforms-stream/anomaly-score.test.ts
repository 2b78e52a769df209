import type { PipelineRow } from '@facilflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomalyScoreComponent } from '../../src/components/transforms/stream/anomaly-score.ts';
import { canonical, chunk, mulberry32, openStream, runBatch, runStream, shuffleWithin, type StreamStep } from './stage-context.ts';

const reading = (time: number, machine: string, v: number | null): PipelineRow => ({ time, machine, v });
const steady = (machine: string, count: number, offset = 0): PipelineRow[] => Array.from({ length: count }, (_, index) => reading(offset + index * 1000, machine, 10 + (index % 2)));

describe('transform.anomaly-score', () => {
  const config = { fields: ['v'], groupBy: ['machine'], windowSize: 10, minSamples: 5, alpha: 0.2, threshold: 3 };

  it('refuses bad configs', () => {
    for (const bad of [{ ...config, fields: [] }, { ...config, alpha: 1 }, { ...config, methods: [] }, { ...config, windowSize: 1 }, { ...config, threshold: 0 }]) {
      expect(anomalyScoreComponent.config.safeParse(bad).success).toBe(false);
    }
    expect(anomalyScoreComponent.config.safeParse(anomalyScoreComponent.examples[0]!.with).success).toBe(true);
  });

  it('scores against the previous values of the same key, flags a spike, and keeps keys apart', async () => {
    const rows = [...steady('A', 10), ...steady('B', 10), reading(10_000, 'A', 30), reading(10_000, 'B', 11)];
    const { rows: out } = await runBatch(anomalyScoreComponent, config, [{ ref: 'in', rows }]);
    const spike = out.find((row) => row.machine === 'A' && row.time === 10_000)!;
    expect(spike.v_zscore).toBeCloseTo((30 - 10.5) / Math.sqrt((10 * 0.25) / 9), 10);
    expect(spike.anomaly).toBe(true);
    expect(typeof spike.v_ewma).toBe('number');
    expect(spike.v_ewma_score as number).toBeGreaterThan(3);
    expect(out.find((row) => row.machine === 'B' && row.time === 10_000)!.anomaly).toBe(false);
    expect(out.slice(0, 5).every((row) => row.v_zscore === null && row.v_ewma_score === null && row.anomaly === false)).toBe(true);
  });

  it('scores a null value null without moving the state, and handles empty input', async () => {
    const withNull = [...steady('A', 10), reading(10_000, 'A', null), reading(11_000, 'A', 30)];
    const withoutNull = [...steady('A', 10), reading(11_000, 'A', 30)];
    const a = (await runBatch(anomalyScoreComponent, config, [{ ref: 'in', rows: withNull }])).rows;
    const b = (await runBatch(anomalyScoreComponent, config, [{ ref: 'in', rows: withoutNull }])).rows;
    expect(a[10]).toMatchObject({ v_zscore: null, v_ewma_score: null, anomaly: false });
    expect(a[11]!.v_zscore).toBe(b[10]!.v_zscore);
    expect((await runBatch(anomalyScoreComponent, config, [{ ref: 'in', rows: [] }])).rows).toEqual([]);
  });

  it('waits for the watermark, sends rows behind it to the late port, and releases on advance when the source goes idle', async () => {
    const operator = openStream(anomalyScoreComponent, { ...config, maxOutOfOrderMs: 2000 });
    expect((await operator.process('in', [reading(5000, 'A', 1), reading(4000, 'A', 2)])).rows).toEqual([]);
    const next = await operator.process('in', [reading(7000, 'A', 3), reading(2000, 'A', 9)]);
    expect(next.rows.map((row) => row.time)).toEqual([4000]);
    expect(next.ports?.late).toEqual([reading(2000, 'A', 9)]);
    expect((await operator.advance(10_000)).rows.map((row) => row.time)).toEqual([5000, 7000]);
  });

  it('fails instead of dropping state past maxKeys', async () => {
    const operator = openStream(anomalyScoreComponent, { ...config, maxKeys: 1 });
    await operator.process('in', [reading(1, 'A', 1), reading(2, 'B', 1)]);
    await expect(async () => operator.advance(10)).rejects.toThrow(/1 keys/);
  });

  it('streams, shuffled within the out-of-orderness, chunked and restarted anywhere, the rows the batch gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 200_000 }), { maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 5 }),
        fc.nat(5),
        fc.integer(),
        async (times, cuts, restartAt, seed) => {
          const random = mulberry32(seed);
          const rows = times.map((time) => reading(time, time % 2 === 0 ? 'A' : 'B', random() < 0.1 ? null : Math.round(random() * 100)));
          const raw = { ...config, minSamples: 3, maxOutOfOrderMs: 10_000 };
          const batch = await runBatch(anomalyScoreComponent, raw, [{ ref: 'in', rows }]);
          const steps: StreamStep[] = chunk(shuffleWithin(rows, 10_000, random), cuts).map((part) => ({ ref: 'in', rows: part }));
          steps.splice(Math.min(restartAt, steps.length), 0, { checkpoint: true });
          const stream = await runStream(anomalyScoreComponent, raw, [...steps, { watermark: Number.POSITIVE_INFINITY }]);
          expect(stream.late).toEqual([]);
          expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
        },
      ),
      { numRuns: 100 },
    );
  });
});
