import type { PipelineRow } from '@facilflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asofJoinComponent } from '../../src/components/transforms/stream/asof-join.ts';
import { canonical, chunk, mulberry32, openStream, parseConfig, runBatch, runStream, shuffleWithin, stageContext, type StreamStep } from './stage-context.ts';

const temp = (time: number, machine: string, value: number | null): PipelineRow => ({ time, machine, temp: value });
const setpoint = (time: number, machine: string, value: number): PipelineRow => ({ time, machine, sp: value });
const config = { by: ['machine'], leftInput: 'temps' };
const join = async (left: PipelineRow[], right: PipelineRow[], extra: Record<string, unknown> = {}) =>
  (
    await runBatch(asofJoinComponent, { ...config, ...extra }, [
      { ref: 'temps', rows: left },
      { ref: 'setpoints', rows: right },
    ])
  ).rows;

describe('transform.asof-join', () => {
  it('refuses bad configs and takes exactly two inputs', () => {
    for (const bad of [{ by: 'machine' }, { toleranceMs: -1 }, { unmatched: 'outer' }, { leftInput: 'Temps!' }]) expect(asofJoinComponent.config.safeParse(bad).success).toBe(false);
    expect(asofJoinComponent.config.safeParse(asofJoinComponent.examples[0]!.with).success).toBe(true);
    expect(asofJoinComponent.input).toMatchObject({ min: 2, max: 2 });
  });

  it('joins each left row to the latest right row at or before it, per key, within the tolerance', async () => {
    const right = [setpoint(0, 'A', 200), setpoint(1000, 'A', 210), setpoint(1000, 'A', 215), setpoint(500, 'B', 300)];
    const left = [temp(999, 'A', 1), temp(1000, 'A', 2), temp(5000, 'A', 3), temp(100, 'B', 4), temp(600, 'B', 5), temp(50, 'C', 6)];
    expect(await join(left, right, { toleranceMs: 2000, columns: ['sp'], rightTimeAs: 'spTime' })).toEqual([
      { ...temp(50, 'C', 6), sp: null, spTime: null },
      { ...temp(100, 'B', 4), sp: null, spTime: null },
      { ...temp(600, 'B', 5), sp: 300, spTime: 500 },
      { ...temp(999, 'A', 1), sp: 200, spTime: 0 },
      { ...temp(1000, 'A', 2), sp: 215, spTime: 1000 },
      { ...temp(5000, 'A', 3), sp: null, spTime: null },
    ]);
  });

  it('drops unmatched rows on request, prefixes right columns, lets left columns win, and handles empty inputs', async () => {
    const rows = await join([temp(10, 'A', 1), temp(10, 'B', 2)], [{ time: 5, machine: 'A', sp: 7, temp: 99 }], { unmatched: 'drop', prefix: 'r_' });
    expect(rows).toEqual([{ ...temp(10, 'A', 1), r_sp: 7, r_temp: 99 }]);
    expect(await join([{ time: 10, machine: 'A', sp: 1 }], [setpoint(5, 'A', 7)])).toEqual([{ time: 10, machine: 'A', sp: 1 }]);
    expect(await join([], [setpoint(5, 'A', 7)])).toEqual([]);
    expect(await join([temp(10, 'A', null)], [])).toEqual([temp(10, 'A', null)]);
  });

  it('holds a left row until the right watermark passes it, then joins; late rows of either side go to the late port', async () => {
    const operator = openStream(asofJoinComponent, config);
    expect((await operator.process('temps', [temp(1000, 'A', 1)])).rows).toEqual([]);
    expect((await operator.process('setpoints', [setpoint(900, 'A', 200)])).rows).toEqual([]);
    expect((await operator.process('setpoints', [setpoint(1000, 'A', 210)])).rows).toEqual([]);
    const joined = await operator.process('setpoints', [setpoint(1500, 'A', 220), setpoint(950, 'A', 205)]);
    expect(joined.rows).toEqual([{ ...temp(1000, 'A', 1), sp: 210 }]);
    expect(joined.ports?.late).toEqual([setpoint(950, 'A', 205)]);
    expect((await operator.process('temps', [temp(2000, 'A', 2), temp(500, 'A', 3)])).ports?.late).toEqual([temp(500, 'A', 3)]);
    expect((await operator.advance(2001)).rows).toEqual([{ ...temp(2000, 'A', 2), sp: 220 }]);
  });

  it('takes the left input from the executor\'s needs when it gives them, and asks for leftInput when not', () => {
    const parsed = parseConfig<Parameters<NonNullable<typeof asofJoinComponent.stream>>[0]['config']>(asofJoinComponent, { by: ['machine'] });
    expect(() => asofJoinComponent.stream!(stageContext(parsed), undefined)).toThrow(/leftInput/);
    expect(() => asofJoinComponent.stream!(Object.assign(stageContext(parsed), { needs: ['temps', 'setpoints'] }), undefined)).not.toThrow();
  });

  it('keeps only the right rows a later left row can match, and fails past its bound', async () => {
    const operator = openStream(asofJoinComponent, { ...config, maxBufferedRows: 3 });
    for (let time = 0; time < 50; time += 1) {
      await operator.process('setpoints', [setpoint(time * 10, 'A', time)]);
      await operator.process('temps', [temp(time * 10 + 5, 'A', time)]);
    }
    const held = operator.snapshot() as { right: { keys: { rows: unknown[] }[] } };
    expect(held.right.keys[0]!.rows.length).toBeLessThanOrEqual(2);
    const flooded = openStream(asofJoinComponent, { ...config, maxBufferedRows: 3 });
    await expect(async () => flooded.process('setpoints', [1, 2, 3, 4].map((time) => setpoint(time, 'A', time)))).rejects.toThrow(/3 buffered rows/);
  });

  it('streams, shuffled within the out-of-orderness, interleaved, chunked and restarted anywhere, the rows the batch gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 8 }),
        fc.nat(8),
        fc.integer(),
        fc.constantFrom(undefined, 3000),
        async (times, cuts, restartAt, seed, toleranceMs) => {
          const random = mulberry32(seed);
          const rows = times.map((time) => ({ ...(random() < 0.5 ? temp(time, 'A', 1) : setpoint(time, 'A', 2)), machine: random() < 0.5 ? 'A' : 'B', side: random() < 0.5 ? 'left' : 'right' }));
          const raw = { ...config, maxOutOfOrderMs: 5000, ...(toleranceMs === undefined ? {} : { toleranceMs }) };
          const left = rows.filter((row) => row.side === 'left');
          const right = rows.filter((row) => row.side === 'right');
          const batch = await runBatch(asofJoinComponent, raw, [
            { ref: 'temps', rows: left },
            { ref: 'setpoints', rows: right },
          ]);
          const steps: StreamStep[] = chunk(shuffleWithin(rows, 5000, random), cuts).flatMap((part) => [
            { ref: 'temps', rows: part.filter((row) => row.side === 'left') },
            { ref: 'setpoints', rows: part.filter((row) => row.side === 'right') },
          ]);
          steps.splice(Math.min(restartAt, steps.length), 0, { checkpoint: true });
          const stream = await runStream(asofJoinComponent, raw, [...steps, { watermark: Number.POSITIVE_INFINITY }]);
          expect(stream.late).toEqual([]);
          expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
        },
      ),
      { numRuns: 100 },
    );
  });
});
