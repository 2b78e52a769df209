import { z } from 'zod';
import { pipelineRunSchema, pipelineStepSchema, runStatusSchema, stepStatusSchema } from '../pipeline-run.ts';
import { pipelineIdSchema } from './pipeline-record.ts';

export const runRecordSchema = pipelineRunSchema.extend({
  pipelineName: z.string(),
  triggeredBy: z.string().nullable().describe('The actor that started it: a person, a key, or the system for a trigger'),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

const runIdSchema = z.string().min(1).max(64).describe('Run id (runs.list)');

export const listRunsInput = z.object({
  pipelineId: pipelineIdSchema.optional().describe('Only runs of this pipeline'),
  status: runStatusSchema.optional(),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listRunsOutput = z.object({ items: z.array(runRecordSchema), nextCursor: z.string().nullable() });

export const getRunInput = z.object({ id: runIdSchema });
export const getRunOutput = z.object({
  run: runRecordSchema,
  steps: z.record(stepStatusSchema, z.number().int()).describe("How many stages' latest attempts are in each status"),
});

export const runStepsInput = z.object({
  runId: runIdSchema,
  stageId: z.string().max(63).optional().describe('Only this stage (every attempt)'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(500).default(100),
});
export const runStepsOutput = z.object({ items: z.array(pipelineStepSchema), nextCursor: z.string().nullable() });
