import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../../src/components/catalog.ts';
import { validatePipelineSpec } from '../../src/spec/index.ts';
import { fillTemplate, loadTemplates, resolveTemplateParams } from '../../src/templates/index.ts';

const schema = JSON.parse(readFileSync(new URL('../../schema/pipeline.schema.json', import.meta.url), 'utf8')) as object;
const validateWithSchema = new Ajv({ allErrors: true, jsonPointers: true }).compile(schema);
const templates = await loadTemplates();

describe('pipeline templates', () => {
  it('ships the four templates, each with a description for people and models', () => {
    expect(templates.map((template) => template.id)).toEqual(['daily-energy-parquet', 'oee-per-line', 'tag-drift-event', 'window-average-threshold']);
    for (const template of templates) expect(template.description.length, template.id).toBeGreaterThan(120);
  });

  it.each(templates.map((template) => [template.id, template] as const))('%s with its defaults validates, by validatePipelineSpec and by the JSON Schema', (_id, template) => {
    const { values, problems } = resolveTemplateParams(template, {});
    expect(problems).toEqual([]);
    const spec = fillTemplate(template, values);
    expect(JSON.stringify(spec)).not.toMatch(/\{\{/);
    expect(validatePipelineSpec(spec, { components: COMPONENTS }).problems).toEqual([]);
    expect(validateWithSchema(spec), JSON.stringify(validateWithSchema.errors)).toBe(true);
  });

  it('makes the oven template: ZoneTemperature1 per oven → oven_1m, event above 230 °C', () => {
    const template = templates.find((candidate) => candidate.id === 'window-average-threshold');
    if (!template) throw new Error('no window-average-threshold template');
    const spec = fillTemplate(template, resolveTemplateParams(template, {}).values) as { params: unknown; stages: Array<{ id: string; with: Record<string, unknown> }> };
    const stage = (id: string) => spec.stages.find((candidate) => candidate.id === id)?.with;
    expect(stage('read')).toEqual({ measurement: 'oven', fields: ['ZoneTemperature1'] });
    expect(stage('average')).toMatchObject({ window: { type: 'tumbling', sizeMs: 60000 }, groupBy: ['machine'], aggregations: [{ as: 'avg_temperature', fn: 'avg', field: 'ZoneTemperature1' }] });
    expect(stage('write')).toEqual({ measurement: 'oven_1m', tags: ['machine'], fields: ['avg_temperature'] });
    expect(stage('alert')).toMatchObject({ title: '{machine} above 230 °C: {avg_temperature}' });
    expect(spec.params).toEqual({ threshold: { type: 'number', default: 230, description: 'Average above which an event is raised' } });
  });

  it('keeps a given value\'s type and writes it into text', () => {
    const template = templates.find((candidate) => candidate.id === 'window-average-threshold');
    if (!template) throw new Error('no window-average-threshold template');
    const { values, problems } = resolveTemplateParams(template, { windowMs: 300000, target: 'oven_5m', threshold: 240 });
    expect(problems).toEqual([]);
    const spec = fillTemplate(template, values) as { name: string; stages: Array<{ id: string; with: Record<string, unknown> }> };
    expect(spec.name).toBe('oven ZoneTemperature1 average per machine → oven_5m');
    expect(spec.stages.find((stage) => stage.id === 'average')?.with['window']).toEqual({ type: 'tumbling', sizeMs: 300000 });
  });

  it('refuses unknown params, wrong types and names that do not match their pattern, all at once', () => {
    const template = templates.find((candidate) => candidate.id === 'daily-energy-parquet');
    if (!template) throw new Error('no daily-energy-parquet template');
    expect(resolveTemplateParams(template, { colour: 'red', timezone: 3, measurement: 'energy; DROP TABLE x' }).problems).toEqual([
      '"colour" is not a param of template daily-energy-parquet',
      '"measurement" must match ^[A-Za-z_][A-Za-z0-9_]{0,63}$',
      '"timezone" must be a string',
    ]);
  });
});
