import type { PipelineProblem } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { validatePipelineSpec } from '../../src/spec/index.ts';
import { ovenAverage } from './fixtures.ts';
import { TEST_COMPONENTS } from './test-components.ts';

const validate = (spec: unknown) => validatePipelineSpec(spec, { components: TEST_COMPONENTS });
const summary = (problems: PipelineProblem[]) => problems.map((problem) => `${problem.code} ${JSON.stringify(problem.path)}`);


describe('validatePipelineSpec', () => {
  it('accepts a valid spec and returns it with defaults applied', () => {
    const result = validate(ovenAverage);
    expect(result.problems).toEqual([]);
    expect(result.spec?.specVersion).toBe(1);
    expect(result.spec?.stages[0]?.needs).toEqual([]);
  });

  it('maps zod errors of the spec itself to their paths, with hints', () => {
    const { problems, spec } = validate({ name: '', triggers: [{ type: 'hourly' }], stages: [{ id: 'Bad Id', use: 'transform.filter' }] });
    expect(spec).toBeUndefined();
    expect(summary(problems)).toEqual(expect.arrayContaining(['invalid_spec ["name"]', 'invalid_spec ["triggers",0,"type"]', 'invalid_spec ["stages",0,"id"]']));
    expect(problems.every((problem) => problem.message.length > 0)).toBe(true);
    expect(validate('not a spec').problems).toEqual([expect.objectContaining({ code: 'invalid_spec', path: [] })]);
  });

  it('names the closest component for an unknown one', () => {
    const spec = structuredClone(ovenAverage);
    spec.stages[2]!.use = 'transform.filtr';
    expect(validate(spec).problems).toEqual([{ code: 'unknown_component', path: ['stages', 2, 'use'], message: 'there is no component "transform.filtr"', hint: 'did you mean "transform.filter"?' }]);
  });

  it('re-roots config errors at the stage and flags settings the component does not have', () => {
    const spec = structuredClone(ovenAverage) as { stages: { with: Record<string, unknown> }[] };
    spec.stages[0]!.with = { sql: 'SELECT 1', limit: 0 };
    spec.stages[2]!.with = { wher: 'temp > 1' };
    spec.stages[1]!.with = { columns: { time: { type: 'date' } } };
    const { problems } = validate({ ...ovenAverage, stages: spec.stages });
    expect(summary(problems)).toEqual([
      'invalid_config ["stages",0,"with","limit"]',
      'invalid_config ["stages",1,"with","columns","time","type"]',
      'invalid_config ["stages",2,"with","wher"]',
      'invalid_config ["stages",2,"with","where"]',
    ]);
    expect(problems[1]?.hint).toContain('"number"');
    expect(problems[2]?.hint).toBe('did you mean "where"?');
  });

  it('reports duplicate ids, missing inputs, unknown ports and cycles, naming the cycle', () => {
    const spec = {
      ...ovenAverage,
      stages: [
        { id: 'read', use: 'source.test-query', with: { sql: 'SELECT 1' } },
        { id: 'a', use: 'transform.map', needs: ['c'] },
        { id: 'b', use: 'transform.map', needs: ['a'] },
        { id: 'c', use: 'transform.map', needs: ['b'] },
        { id: 'read', use: 'transform.logger', needs: ['read'] },
        { id: 'd', use: 'transform.filter', with: { where: 'true' }, needs: ['raed'] },
        { id: 'e', use: 'transform.filter', with: { where: 'true' }, needs: ['read.late'] },
        { id: 'f', use: 'transform.filter', with: { where: 'true' }, needs: ['read.error'] },
      ],
    };
    const { problems } = validate(spec);
    expect(summary(problems)).toEqual([
      'duplicate_stage ["stages",4,"id"]',
      'missing_input ["stages",5,"needs",0]',
      'unknown_port ["stages",6,"needs",0]',
      'unknown_port ["stages",7,"needs",0]',
      'cycle ["stages",1,"needs"]',
    ]);
    expect(problems[1]?.hint).toBe('did you mean "read"?');
    expect(problems[4]?.message).toBe('the stages form a cycle: a → c → b → a');
  });

  it('accepts the error port of a stage that routes its errors', () => {
    const spec = structuredClone(ovenAverage) as { stages: Record<string, unknown>[] };
    spec.stages[0]!.errorPolicy = { onError: 'route' };
    spec.stages.push({ id: 'failures', use: 'transform.logger', needs: ['read.error'] });
    expect(validate({ ...ovenAverage, stages: spec.stages }).problems).toEqual([]);
  });

  it('reports type mismatches: output kinds and input counts', () => {
    const spec = {
      ...ovenAverage,
      stages: [
        { id: 'read', use: 'source.test-query', with: { sql: 'SELECT 1' }, needs: ['events'] },
        { id: 'events', use: 'transform.test-events', needs: ['read'] },
        { id: 'after_events', use: 'transform.filter', with: { where: 'true' }, needs: ['events'] },
        { id: 'write', use: 'sink.test-write', with: { measurement: 'm' }, needs: ['after_events'] },
        { id: 'after_sink', use: 'transform.logger', needs: ['write'] },
        { id: 'two', use: 'transform.logger', needs: ['read', 'after_events'] },
      ],
    };
    const { problems } = validate(spec);
    expect(summary(problems)).toEqual([
      'type_mismatch ["stages",0,"needs"]',
      'type_mismatch ["stages",2,"needs",0]',
      'type_mismatch ["stages",4,"needs",0]',
      'type_mismatch ["stages",5,"needs"]',
      'cycle ["stages",0,"needs"]',
    ]);
    expect(problems[1]?.message).toBe('stage "after_events" (transform.filter) reads rows, but "events" gives events');
  });

  it('reports trigger incompatibility both ways and a stream pipeline without a stream source', () => {
    const streamOnBatchSource = { ...ovenAverage, triggers: [{ type: 'stream', measurement: 'oven' }] };
    expect(summary(validate(streamOnBatchSource).problems)).toEqual(['trigger_incompatible ["stages",0,"use"]', 'trigger_incompatible ["triggers",0]']);
    const batchOnStreamSource = {
      ...ovenAverage,
      stages: [{ id: 'live', use: 'source.test-stream' }, { ...ovenAverage.stages[2]!, needs: ['live'] }],
    };
    const problems = validate(batchOnStreamSource).problems;
    expect(summary(problems)).toEqual(['trigger_incompatible ["stages",0,"use"]']);
    expect(problems[0]?.message).toContain('runs only in stream mode, but trigger 0 (cron) runs the pipeline in batch mode');
    expect(validate({ ...batchOnStreamSource, triggers: [{ type: 'stream', measurement: 'oven' }] }).problems).toEqual([]);
  });

  it('reports invalid expressions with their position and unknown params with the closest name', () => {
    const spec = {
      ...ovenAverage,
      stages: [
        ovenAverage.stages[0]!,
        { id: 'shape', use: 'transform.map', with: { set: { f: 'temp * 9 / 5 +', g: 'temp > params.limt', h: 'row.__proto__' } }, needs: ['read'] },
        { id: 'decide', use: 'transform.decision-table', with: { inputs: [{ expression: 'temp' }], outputs: [{ name: 's' }], rules: [{ when: ['>> 5'], then: ['x'] }] }, needs: ['shape'] },
        { id: 'check', use: 'transform.schema-validate', with: { columns: { m: { type: 'string', pattern: '(a+)+' } } }, needs: ['decide'] },
      ],
    };
    const { problems } = validate(spec);
    expect(summary(problems)).toEqual([
      'invalid_expression ["stages",1,"with","set","f"]',
      'unknown_param ["stages",1,"with","set","g"]',
      'invalid_expression ["stages",1,"with","set","h"]',
      'invalid_expression ["stages",2,"with","rules",0,"when",0]',
      'invalid_expression ["stages",3,"with","columns","m","pattern"]',
    ]);
    expect(problems[0]?.message).toBe('the expression ends too soon (at 15)');
    expect(problems[1]?.hint).toBe('did you mean params.limit?');
  });

  it('reports every problem at once across parts', () => {
    const spec = {
      name: 'many',
      triggers: [{ type: 'manual' }],
      stages: [
        { id: 'read', use: 'source.test-qery', with: {} },
        { id: 'f', use: 'transform.filter', with: { where: 'x >' }, needs: ['nowhere'] },
        { id: 'f', use: 'transform.map', needs: ['f'] },
      ],
    };
    expect(new Set(validate(spec).problems.map((problem) => problem.code))).toEqual(new Set(['unknown_component', 'invalid_expression', 'missing_input', 'duplicate_stage']));
  });

  it('uses the catalog by default', () => {
    const { problems } = validatePipelineSpec({ name: 'x', triggers: [{ type: 'manual' }], stages: [{ id: 'a', use: 'transform.filter', with: { where: 'true' } }] });
    expect(summary(problems)).toEqual(['type_mismatch ["stages",0,"needs"]']);
  });
});
