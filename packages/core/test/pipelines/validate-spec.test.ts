import { describe, expect, it } from 'vitest';
import { testEngine, validSpec } from './test-catalog.ts';

const problemsOf = (spec: unknown) => testEngine.validate(spec).problems.map((p) => ({ code: p.code, path: p.path }));

describe("the engine's spec validation (packages/pipelines' validatePipelineSpec) against the services' catalog", () => {
  it('accepts a valid spec and applies its defaults', () => {
    const { spec, problems } = testEngine.validate(validSpec());
    expect(problems).toEqual([]);
    expect(spec?.stages[2]).toMatchObject({ id: 'emit', with: {}, needs: ['double'] });
    expect(spec?.specVersion).toBe(1);
  });

  it('reports every problem of a broken spec at once, each at its JSON path', () => {
    const spec = validSpec();
    spec.stages = [
      { id: 'read', use: 'source.counter-row', with: { count: 3 } },
      { id: 'double', use: 'transform.scale-rows', with: { field: 'n', factor: 'two' } as never, needs: ['read', 'nowhere'] },
      { id: 'double', use: 'sink.test-events', needs: ['double.hidden'] },
    ];
    expect(problemsOf(spec)).toEqual(
      expect.arrayContaining([
        { code: 'duplicate_stage', path: ['stages', 2, 'id'] },
        { code: 'unknown_component', path: ['stages', 0, 'use'] },
        { code: 'invalid_config', path: ['stages', 1, 'with', 'factor'] },
        { code: 'missing_input', path: ['stages', 1, 'needs', 1] },
      ]),
    );
    const unknown = testEngine.validate(spec).problems.find((p) => p.code === 'unknown_component');
    expect(unknown?.hint).toContain('"source.counter-rows"');
  });

  it('finds a cycle and a kind mismatch', () => {
    const spec = {
      name: 'loop',
      triggers: [{ type: 'manual' }],
      stages: [
        { id: 'a', use: 'transform.scale-rows', with: { field: 'n', factor: 1 }, needs: ['b'] },
        { id: 'b', use: 'transform.scale-rows', with: { field: 'n', factor: 1 }, needs: ['a'] },
        { id: 'sink', use: 'sink.test-events', needs: ['a'] },
        { id: 'after', use: 'transform.scale-rows', with: { field: 'n', factor: 1 }, needs: ['sink'] },
      ],
    };
    const problems = testEngine.validate(spec).problems;
    expect(problems.find((p) => p.code === 'cycle')).toMatchObject({ path: ['stages', 0, 'needs'], message: expect.stringContaining('a → b → a') });
    expect(problems.find((p) => p.code === 'type_mismatch')).toMatchObject({ path: ['stages', 3, 'needs', 0] });
  });

  it('refuses a stream trigger on a stage that only runs in batch', () => {
    const spec = { ...validSpec(), triggers: [{ type: 'stream', measurement: 'oven' }] };
    // At the stage that cannot follow the trigger: that is what has to change.
    expect(problemsOf(spec)).toEqual([{ code: 'trigger_incompatible', path: ['stages', 2, 'use'] }]);
  });

  it('reports the shape problems of a spec that does not parse, with its stage problems', () => {
    const problems = problemsOf({ name: 'x', stages: [{ id: 'Bad Id', use: 'source.nope' }] });
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: 'invalid_spec', path: ['triggers'] },
        { code: 'invalid_spec', path: ['stages', 0, 'id'] },
        { code: 'unknown_component', path: ['stages', 0, 'use'] },
      ]),
    );
    expect(testEngine.validate({ name: 'x' }).spec).toBeNull();
  });

  it('knows a route port of a stage whose errors are routed', () => {
    const spec = validSpec();
    spec.stages[1] = { ...spec.stages[1]!, errorPolicy: { onError: 'route' } } as never;
    spec.stages.push({ id: 'errors', use: 'sink.test-events', needs: ['double.error'] } as never);
    expect(problemsOf(spec)).toEqual([]);
  });
});
