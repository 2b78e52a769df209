import { z } from 'zod';
import { pipelineIdSchema } from './pipeline-record.ts';
import { runRecordSchema } from './runs.ts';

const paramValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const backfillPipelineInput = z.object({
  id: pipelineIdSchema,
  from: z.iso.datetime().describe('Start of the past range, ISO 8601, e.g. "2026-11-01T00:00:00Z"'),
  to: z.iso.datetime().describe('End of the range (exclusive), ISO 8601'),
  sliceMs: z
    .number()
    .int()
    .min(1000)
    .max(31 * 86_400_000)
    .describe('Length of each slice in ms, one run per slice, e.g. 86400000 for a day'),
  version: z.number().int().min(1).optional().describe('The published version to run; the latest when left out'),
  params: z.record(z.string(), paramValueSchema).optional().describe("Values for the pipeline's params, the same for every slice"),
});
export const backfillPipelineOutput = z.object({
  version: z.number().int().min(1),
  queued: z.array(runRecordSchema).describe('The runs queued now, one per slice no run of this version has computed'),
  succeeded: z.number().int().describe('Slices a run of this version already computed: not run again'),
  underWay: z.number().int().describe('Slices whose run is still queued or running: left to it'),
});
