import type { PipelineProblem } from '@facilflow/contracts';
import Ajv, { type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineComponent } from '../../src/components/component.ts';
import { COMPONENTS } from '../../src/components/catalog.ts';
import { buildPipelineJsonSchema, serializePipelineJsonSchema, validatePipelineSpec } from '../../src/spec/index.ts';
import { TEST_COMPONENTS } from './test-components.ts';
import { ovenAverage } from './fixtures.ts';

const checkedIn = new URL('../../schema/pipeline.schema.json', import.meta.url);

/** ajv's errors as JSON paths like validatePipelineSpec's, leaving out the if/then and union wrappers that only repeat their inner errors. */
function ajvPaths(schema: object, spec: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, jsonPointers: true });
  const validate = ajv.compile(schema);
  if (validate(spec)) return [];
  const errors: ErrorObject[] = validate.errors ?? [];
  const paths = errors
    .filter((error) => !['if', 'oneOf', 'anyOf'].includes(error.keyword))
    .map((error) => {
      const path: (string | number)[] = error.dataPath.split('/').slice(1).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
      const params = error.params as { missingProperty?: string; additionalProperty?: string };
      if (error.keyword === 'required') path.push(String(params.missingProperty));
      if (error.keyword === 'additionalProperties') path.push(String(params.additionalProperty));
      return JSON.stringify(path);
    });
  return [...new Set(paths)].sort();
}

const problemPaths = (problems: PipelineProblem[]) => [...new Set(problems.map((problem) => JSON.stringify(problem.path)))].sort();

describe('pipeline JSON Schema', () => {
  it('is checked in as the generator makes it from the zod schemas and the catalog', () => {
    const message = 'stale: run node --conditions=facilflow-source --import tsx packages/pipelines/scripts/generate-json-schema.ts';
    expect(readFileSync(checkedIn, 'utf8'), message).toBe(serializePipelineJsonSchema(COMPONENTS));
  });

  it('is a draft-07 schema ajv compiles, selecting each component\'s settings by "use"', () => {
    const schema = buildPipelineJsonSchema(TEST_COMPONENTS);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv().compile(schema)).not.toThrow();
    expect(JSON.stringify(schema)).toContain('"const":"transform.decision-table"');
  });

  it('reports a wrong trigger type only at its type, as validatePipelineSpec does', () => {
    const spec = { ...ovenAverage, triggers: [{ type: 'hourly' }] };
    const expected = problemPaths(validatePipelineSpec(spec, { components: TEST_COMPONENTS }).problems);
    expect(expected).toEqual(['["triggers",0,"type"]']);
    expect(ajvPaths(buildPipelineJsonSchema(TEST_COMPONENTS), spec)).toEqual(expected);
  });

  it('is published with the package', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(manifest.exports['./pipeline.schema.json']).toBe('./schema/pipeline.schema.json');
    const published = await import('@facilflow/pipelines/pipeline.schema.json', { with: { type: 'json' } });
    expect(published.default).toEqual(JSON.parse(readFileSync(checkedIn, 'utf8')));
  });

  it('hoists a component\'s own definitions under its name so its references resolve from the root', () => {
    const point = z.object({ x: z.number() }).meta({ id: 'Point' });
    const withPoints = defineComponent({
      name: 'transform.test-points',
      category: 'transform',
      title: 'Test points',
      description: 'A config with shared definitions, for the schema generator.',
      config: z.object({ from: point, to: point }),
      input: { kind: 'rows', min: 1, max: 1 },
      output: { kind: 'rows' },
      modes: ['batch'],
      examples: [],
    });
    const schema = buildPipelineJsonSchema([...TEST_COMPONENTS, withPoints]);
    expect(Object.keys(schema.definitions as object)).toEqual(['transform.test-points.Point']);
    const spec = { ...ovenAverage, stages: [...ovenAverage.stages, { id: 'points', use: 'transform.test-points', with: { from: { x: 1 }, to: { x: 'far' } }, needs: ['hot'] }] };
    expect(ajvPaths(schema, spec)).toEqual(['["stages",4,"with","to","x"]']);
  });

  it('accepts a valid spec, with or without its $schema line', () => {
    const schema = buildPipelineJsonSchema(TEST_COMPONENTS);
    expect(ajvPaths(schema, ovenAverage)).toEqual([]);
    expect(ajvPaths(schema, { $schema: '../schema/pipeline.schema.json', ...ovenAverage })).toEqual([]);
  });

  it('rejects a broken spec at the same paths as validatePipelineSpec', () => {
    const broken = {
      name: '',
      triggers: [{ type: 'cron', expression: '0 6 * * *', timezone: 7 }],
      stages: [
        { id: 'read', use: 'source.test-query', with: { sql: '', limit: 0 } },
        { id: 'Valid', use: 'transform.schema-validate', with: { columns: { time: { type: 'date' } } }, needs: ['read'] },
        { id: 'hot', use: 'transform.filtr', with: { where: 'temp > 1' }, needs: ['read'] },
        { id: 'shape', use: 'transform.map', with: { set: { a: 1 }, dorp: ['x'] }, needs: ['hot'] },
        { id: 'decide', use: 'transform.decision-table', with: { inputs: [], outputs: [{ name: 's' }], rules: [{ when: ['-'], then: ['x'] }], hitPolicy: 'SOME' }, needs: ['shape'] },
      ],
    };
    const expected = problemPaths(validatePipelineSpec(broken, { components: TEST_COMPONENTS }).problems);
    expect(expected).toEqual(
      [
        '["name"]',
        '["triggers",0,"timezone"]',
        '["stages",0,"with","sql"]',
        '["stages",0,"with","limit"]',
        '["stages",1,"id"]',
        '["stages",1,"with","columns","time","type"]',
        '["stages",2,"use"]',
        '["stages",3,"with","set","a"]',
        '["stages",3,"with","dorp"]',
        '["stages",4,"with","inputs"]',
        '["stages",4,"with","hitPolicy"]',
      ].sort(),
    );
    expect(ajvPaths(buildPipelineJsonSchema(TEST_COMPONENTS), broken)).toEqual(expected);
  });
});
