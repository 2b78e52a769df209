import { describe, expect, it } from 'vitest';
import { loggerComponent } from '../../src/components/transforms/record/logger.ts';
import { variableSetComponent } from '../../src/components/transforms/record/variable-set.ts';
import { runBatch, runStream, stageFor } from './stage-context.ts';

const rows = Array.from({ length: 30 }, (_, index) => ({ time: index * 1000, machine: `Oven${index % 3}`, temp: 200 + index }));

describe('transform.variable-set', () => {
  it('sets run variables from the last row by default and passes the rows on', async () => {
    const vars = new Map<string, string | number | boolean | null>([['count', 1]]);
    const stage = stageFor(variableSetComponent, { set: { last_temp: 'temp', count: 'vars.count + 1', label: 'concat(params.line, ":", machine)' } }, { vars, params: { line: 'L1' } });
    const output = await runBatch(variableSetComponent, stage, rows);
    expect(output.rows).toBe(rows);
    expect(Object.fromEntries(vars)).toEqual({ last_temp: 229, count: 2, label: 'L1:Oven2' });
  });

  it('reads the first row when asked, and leaves variables alone without rows', async () => {
    const vars = new Map<string, string | number | boolean | null>();
    const stage = stageFor(variableSetComponent, { set: { first_temp: 'temp' }, from: 'first' }, { vars });
    await runBatch(variableSetComponent, stage, rows);
    expect(vars.get('first_temp')).toBe(200);
    await runBatch(variableSetComponent, stage, []);
    expect(vars.get('first_temp')).toBe(200);
  });

  it('updates variables as stream deliveries arrive', async () => {
    const vars = new Map<string, string | number | boolean | null>();
    const stage = stageFor(variableSetComponent, { set: { latest: 'time' } }, { vars });
    const output = await runStream(variableSetComponent, stage, rows);
    expect(output.rows).toEqual(rows);
    expect(vars.get('latest')).toBe(29_000);
  });

  it('refuses variable names that are not names and an empty set', () => {
    expect(variableSetComponent.config.safeParse({ set: { '1bad': 'x' } }).success).toBe(false);
    expect(variableSetComponent.config.safeParse({ set: {} }).success).toBe(false);
  });
});

describe('transform.logger', () => {
  it('logs the row count and a bounded sample of chosen columns, passing rows through', async () => {
    const stage = stageFor(loggerComponent, { message: 'ovens', sample: 2, columns: ['machine', 'absent'] });
    const output = await runBatch(loggerComponent, stage, rows);
    expect(output.rows).toBe(rows);
    expect(stage.logs).toEqual([{ message: 'ovens', data: { rows: 30, sample: [{ machine: 'Oven0' }, { machine: 'Oven1' }] } }]);
  });

  it('logs each stream delivery and caps the sample at the step sample size', async () => {
    expect(loggerComponent.config.safeParse({ sample: 21 }).success).toBe(false);
    const stage = stageFor(loggerComponent, { sample: 20 });
    await runStream(loggerComponent, stage, rows);
    expect(stage.logs.map((log) => log.data?.rows)).toEqual([15, 15]);
    expect((stage.logs[0]?.data?.sample as unknown[]).length).toBe(15);
  });
});
