import { z } from 'zod';
import { pipelineProblemSchema } from '../pipeline-problem.ts';

/** draft: never started; active: its triggers fire; paused: stopped; archived: kept for history, no longer editable or runnable. */
export const PIPELINE_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export const pipelineStatusSchema = z.enum(PIPELINE_STATUSES);
export type PipelineStatus = z.infer<typeof pipelineStatusSchema>;

export const pipelineIdSchema = z.string().min(1).max(64).describe('Pipeline id, e.g. "pl_…" (pipelines.list)');

/**
 * A spec as a draft holds it: any JSON object with a name, since a draft may be incomplete or
 * broken. `pipelines.validate` says what is wrong with it, each problem at its JSON path.
 */
export const draftSpecSchema = z
  .looseObject({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    triggers: z.array(z.unknown()).max(8).optional(),
    stages: z.array(z.unknown()).max(500).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .describe(
    'A pipeline spec: {name, description?, params?: {name: {type, default?}}, triggers: [{type: "manual"|"cron"|"stream"|"webhook", …}], ' +
      'stages: [{id, use: "<category>.<component>", with: {…config}, needs: ["stageId" | "stageId.port"], errorPolicy?}]}',
  );
export type DraftSpec = z.infer<typeof draftSpecSchema>;

export const pipelineSummarySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: pipelineStatusSchema,
  latestVersion: z.number().int().nullable().describe('The latest published version; null until the first publish'),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type PipelineSummary = z.infer<typeof pipelineSummarySchema>;

export const pipelineRecordSchema = pipelineSummarySchema.extend({
  draft: z.record(z.string(), z.unknown()).describe('The draft spec as last written (pipelines.update edits it, pipelines.publish publishes it)'),
  hasWebhookSecret: z.boolean(),
});
export type PipelineRecord = z.infer<typeof pipelineRecordSchema>;

export const pipelineVersionInfoSchema = z.object({
  version: z.number().int().min(1),
  note: z.string().nullable(),
  copiedFrom: z.number().int().nullable().describe('Set when the version is a rollback: the version it copies'),
  publishedBy: z.string(),
  publishedAt: z.iso.datetime(),
});
export type PipelineVersionInfo = z.infer<typeof pipelineVersionInfoSchema>;

export const pipelineVersionSchema = pipelineVersionInfoSchema.extend({
  spec: z.record(z.string(), z.unknown()).describe('The published spec with its defaults applied; runs of this version execute exactly this'),
});
export type PipelineVersion = z.infer<typeof pipelineVersionSchema>;

export const problemsSchema = z.array(pipelineProblemSchema).describe('Every problem of the spec at once, each with its JSON path and a hint; empty when it may be published');
