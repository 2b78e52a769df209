import { z } from 'zod';
import { pipelineParamSchema } from '../pipeline-spec.ts';
import { pipelineRecordSchema, problemsSchema } from './pipeline-record.ts';

export const templateIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).describe('Template id, e.g. "window-average-threshold" (templates.list)');

/** A template's parameter: like a pipeline param, plus whether it must be given. */
export const templateParamSchema = pipelineParamSchema.extend({
  pattern: z.string().max(200).optional().describe('A string value must match this regular expression (names that go into SQL or keys)'),
});
export type TemplateParam = z.infer<typeof templateParamSchema>;

/**
 * A template as its JSON file holds it: a spec whose strings may carry `{{param}}`. A string that
 * is exactly one placeholder takes the param's value with its type (a number stays a number);
 * elsewhere the value is written into the text. Single braces (`{machine}`) are left as they are.
 */
export const pipelineTemplateSchema = z.object({
  id: templateIdSchema,
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  params: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/), templateParamSchema),
  spec: z.record(z.string(), z.unknown()),
});
export type PipelineTemplate = z.infer<typeof pipelineTemplateSchema>;

export const templateSummarySchema = z.object({
  id: templateIdSchema,
  title: z.string(),
  description: z.string().describe('What the pipeline made from it does, and when to use it'),
  params: z.record(z.string(), templateParamSchema).describe('What instantiate takes; a param without a default must be given'),
  triggers: z.array(z.string()).describe('The trigger types of the pipeline it makes'),
  components: z.array(z.string()).describe('The components its stages use'),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const listTemplatesInput = z.object({});
export const listTemplatesOutput = z.object({ templates: z.array(templateSummarySchema) });

const paramValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const instantiateTemplateInput = z.object({
  template: templateIdSchema,
  name: z.string().min(1).max(200).describe('Name of the new pipeline, unique among the tenant\'s pipelines'),
  params: z.record(z.string(), paramValueSchema).default({}).describe('Values for the template\'s params (templates.list names them); defaults fill the rest'),
});
export const instantiateTemplateOutput = z.object({
  pipeline: pipelineRecordSchema.describe('The new draft pipeline: publish it with pipelines.publish, then pipelines.start'),
  problems: problemsSchema,
  webhookSecret: z.string().nullable().describe('The webhook secret when the template has a webhook trigger, shown this once'),
});
