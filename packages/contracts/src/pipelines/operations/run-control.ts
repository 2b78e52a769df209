import { z } from 'zod';
import { stepStatusSchema } from '../pipeline-run.ts';
import { pipelineRowSchema } from '../pipeline-row.ts';
import { stageIdSchema, stageInputRefSchema } from '../pipeline-spec.ts';
import { pipelineIdSchema } from './pipeline-record.ts';
import { runRecordSchema } from './runs.ts';

const runIdSchema = z.string().min(1).max(64).describe('Run id (runs.list)');
const versionSchema = z.number().int().min(1).describe('A published version of the pipeline');

export const runParamValuesSchema = z
  .record(z.string().max(63), z.union([z.string().max(10_000), z.number(), z.boolean()]))
  .describe('Values of the spec\'s params by name; a param left out takes its default');

export const runRangeSchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .describe('The time range the run computes, bound to $from and $to of its queries');

export const runPipelineInput = z.object({
  id: pipelineIdSchema,
  version: versionSchema.optional().describe('The version to run; the latest published by default'),
  params: runParamValuesSchema.optional(),
  range: runRangeSchema.optional(),
});
export const runPipelineOutput = z.object({ run: runRecordSchema });

export const controlRunInput = z.object({ id: runIdSchema });
export const controlRunOutput = z.object({
  run: runRecordSchema,
  delivered: z.boolean().describe('False when the control was applied here (a queued run cancelled before any worker took it)'),
});

export const replayRunInput = z.object({
  runId: runIdSchema,
  fromStage: stageIdSchema.describe('The stage to run again, with everything downstream of it'),
  version: versionSchema.optional().describe("The version to replay on; the replayed run's own by default"),
  editedInputs: z
    .record(stageInputRefSchema, z.array(pipelineRowSchema).max(10_000))
    .optional()
    .describe('Rows by input reference of the stage replayed from, in place of what its upstream stages kept'),
});
export const replayRunOutput = z.object({ run: runRecordSchema });

const stepSummarySchema = z.object({
  status: stepStatusSchema,
  attempts: z.number().int(),
  durationMs: z.number().nullable(),
  rowsIn: z.number().int(),
  rowsOut: z.number().int(),
});

export const diffRunsInput = z.object({ a: runIdSchema, b: runIdSchema });
export const diffRunsOutput = z.object({
  stages: z.array(
    z.object({
      stageId: z.string(),
      a: stepSummarySchema.nullable().describe('null when the stage did not run in run a'),
      b: stepSummarySchema.nullable(),
      statusChanged: z.boolean(),
      durationDeltaMs: z.number().nullable(),
      rowsInDelta: z.number().int().nullable(),
      rowsOutDelta: z.number().int().nullable(),
      outputSample: z.object({ onlyInA: z.array(pipelineRowSchema), onlyInB: z.array(pipelineRowSchema) }),
      changed: z.boolean(),
    }),
  ),
  changedStages: z.array(z.string()).describe('Stages whose status, rows or output sample differ'),
});
