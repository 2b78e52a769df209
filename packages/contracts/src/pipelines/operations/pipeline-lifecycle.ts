import { z } from 'zod';
import { draftSpecSchema, pipelineIdSchema, pipelineRecordSchema, pipelineStatusSchema, pipelineSummarySchema, pipelineVersionInfoSchema, pipelineVersionSchema, problemsSchema } from './pipeline-record.ts';

const versionNumber = z.number().int().min(1);

export const listPipelinesInput = z.object({
  status: pipelineStatusSchema.optional().describe('Only pipelines in this status; archived ones are left out unless asked for'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listPipelinesOutput = z.object({ items: z.array(pipelineSummarySchema), nextCursor: z.string().nullable() });

export const getPipelineInput = z.object({
  id: pipelineIdSchema,
  version: versionNumber.optional().describe('A published version to include; the latest when left out'),
});
export const getPipelineOutput = z.object({
  pipeline: pipelineRecordSchema,
  problems: problemsSchema.describe("The draft's problems; empty when it may be published"),
  versions: z.array(pipelineVersionInfoSchema).describe('Every published version, newest first'),
  published: pipelineVersionSchema.nullable().describe('The version asked for, or the latest; null before the first publish'),
});

export const createPipelineInput = z.object({ spec: draftSpecSchema });
export const createPipelineOutput = z.object({
  pipeline: pipelineRecordSchema,
  problems: problemsSchema,
  webhookSecret: z
    .string()
    .nullable()
    .describe("The secret that signs calls of the pipeline's webhook trigger, shown this once when the draft first has one; store it, only its hash is kept"),
});

export const updatePipelineInput = z.object({ id: pipelineIdSchema, spec: draftSpecSchema });
export const updatePipelineOutput = createPipelineOutput;

export const validatePipelineInput = z.object({
  id: pipelineIdSchema.optional().describe("A pipeline whose draft to check"),
  spec: z.record(z.string(), z.unknown()).optional().describe('Or a spec to check without saving it'),
});
export const validatePipelineOutput = z.object({ valid: z.boolean(), problems: problemsSchema });

export const publishPipelineInput = z.object({
  id: pipelineIdSchema,
  note: z.string().max(2000).optional().describe('What changed, shown in pipelines.versions'),
});
export const publishPipelineOutput = z.object({
  pipeline: pipelineRecordSchema,
  version: pipelineVersionInfoSchema,
  published: z.boolean().describe('False when the draft equals the latest version: no new version was made'),
});

export const pipelineVersionsInput = z.object({ id: pipelineIdSchema });
export const pipelineVersionsOutput = z.object({ versions: z.array(pipelineVersionInfoSchema) });

const diffSideSchema = z.union([versionNumber, z.literal('draft')]);
export const diffPipelineInput = z.object({
  id: pipelineIdSchema,
  from: diffSideSchema.optional().describe('A version number or "draft"; the latest version when left out'),
  to: diffSideSchema.optional().describe('A version number or "draft"; the draft when left out'),
});
export const specChangeSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe('JSON path, from the stage for stage changes, from the spec otherwise'),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type SpecChange = z.infer<typeof specChangeSchema>;
export const pipelineDiffSchema = z.object({
  from: diffSideSchema,
  to: diffSideSchema,
  stages: z.object({
    added: z.array(z.string()).describe('Stage ids only in `to`'),
    removed: z.array(z.string()).describe('Stage ids only in `from`'),
    changed: z.array(z.object({ stageId: z.string(), changes: z.array(specChangeSchema) })),
  }),
  spec: z.array(specChangeSchema).describe('Changes outside the stages: name, description, params, triggers'),
  identical: z.boolean(),
});
export type PipelineDiff = z.infer<typeof pipelineDiffSchema>;
export const diffPipelineOutput = z.object({ diff: pipelineDiffSchema });

export const rollbackPipelineInput = z.object({
  id: pipelineIdSchema,
  version: versionNumber.describe('The older version to publish again'),
  note: z.string().max(2000).optional(),
});
export const rollbackPipelineOutput = publishPipelineOutput.omit({ published: true });

export const deletePipelineInput = z.object({
  id: pipelineIdSchema,
  mode: z
    .enum(['archive', 'delete'])
    .default('archive')
    .describe('archive: keep its versions and runs readable, no longer editable or runnable; delete: remove it with all its versions, runs and steps'),
});
export const deletePipelineOutput = z.object({
  mode: z.enum(['archive', 'delete']),
  versions: z.number().int(),
  runs: z.number().int(),
});

export const startPipelineInput = z.object({ id: pipelineIdSchema });
export const startPipelineOutput = z.object({ pipeline: pipelineRecordSchema, changed: z.boolean() });
export const stopPipelineInput = startPipelineInput;
export const stopPipelineOutput = startPipelineOutput;
