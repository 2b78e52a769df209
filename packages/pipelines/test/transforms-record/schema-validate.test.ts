import type { PipelineRow } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { schemaValidateComponent } from '../../src/components/transforms/record/schema-validate.ts';
import { runBatch, runStream, stageFor } from './stage-context.ts';

const config = {
  columns: {
    time: { type: 'time' },
    machine: { type: 'string', pattern: '^Oven[0-9]+$' },
    temp: { type: 'number', min: -50, max: 600, nullable: true },
    state: { type: 'string', values: ['run', 'stop'], required: false },
  },
};

describe('transform.schema-validate', () => {
  it('passes valid rows and sends invalid ones to the invalid port with every reason', async () => {
    const rows: PipelineRow[] = [
      { time: 1000, machine: 'Oven2', temp: 231 },
      { time: 2000, machine: 'Oven2', temp: null, state: 'run' },
      { time: 'yesterday', machine: 'Press1', temp: 900 },
      { machine: 'Oven3', temp: '12', state: 'paused' },
    ];
    const stage = stageFor(schemaValidateComponent, config);
    const output = await runBatch(schemaValidateComponent, stage, rows);
    expect(output.rows).toEqual(rows.slice(0, 2));
    expect(output.ports?.invalid?.map((row) => row._reason)).toEqual([
      'time is not a time (epoch milliseconds); machine does not match ^Oven[0-9]+$; temp is above the maximum of 600',
      'time is missing; temp is not a finite number; state is not one of ["run","stop"]',
    ]);
    expect(output.ports?.invalid?.[0]).toMatchObject(rows[2]!);
    expect(await runStream(schemaValidateComponent, stage, rows)).toEqual(output);
  });

  it('allows, drops or rejects undeclared columns', async () => {
    const row = { time: 1, machine: 'Oven1', temp: 1, extra: true };
    const drop = await runBatch(schemaValidateComponent, stageFor(schemaValidateComponent, { ...config, unknownColumns: 'drop' }), [row]);
    expect(drop.rows).toEqual([{ time: 1, machine: 'Oven1', temp: 1 }]);
    const reject = await runBatch(schemaValidateComponent, stageFor(schemaValidateComponent, { ...config, unknownColumns: 'reject', reasonColumn: 'why' }), [row]);
    expect(reject.rows).toEqual([]);
    expect(reject.ports?.invalid?.[0]?.why).toBe('undeclared column extra');
    expect((await runBatch(schemaValidateComponent, stageFor(schemaValidateComponent, config), [row])).rows).toEqual([row]);
  });

  it('checks string lengths against min and max', async () => {
    const stage = stageFor(schemaValidateComponent, { columns: { code: { type: 'string', min: 2, max: 3 } } });
    const output = await runBatch(schemaValidateComponent, stage, [{ code: 'a' }, { code: 'abc' }, { code: 'abcd' }]);
    expect(output.rows).toEqual([{ code: 'abc' }]);
    expect(output.ports?.invalid?.map((row) => row._reason)).toEqual(['code is below the minimum of 2 characters', 'code is above the maximum of 3 characters']);
  });

  it('refuses unknown types and reports a catastrophic pattern at validation time', () => {
    expect(schemaValidateComponent.config.safeParse({ columns: { a: { type: 'date' } } }).success).toBe(false);
    const parsed = schemaValidateComponent.config.parse({ columns: { a: { type: 'string', pattern: '(a+)+$' } } });
    expect(schemaValidateComponent.check!(parsed)).toEqual([expect.objectContaining({ path: ['columns', 'a', 'pattern'], code: 'invalid_expression' })]);
  });

  it('declares its invalid port', () => {
    expect(schemaValidateComponent.output.extra?.({} as never)).toEqual(['invalid']);
  });
});
