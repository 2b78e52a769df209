import { z } from 'zod';

/** Why a spec cannot be published, all problems at once so a person or a model fixes it in one round. */
export const PIPELINE_PROBLEM_CODES = [
  'invalid_spec',
  'unknown_component',
  'invalid_config',
  'duplicate_stage',
  'cycle',
  'missing_input',
  'unknown_port',
  'type_mismatch',
  'trigger_incompatible',
  'invalid_expression',
  'unknown_param',
] as const;
export const pipelineProblemCodeSchema = z.enum(PIPELINE_PROBLEM_CODES);

export const pipelineProblemSchema = z.object({
  code: pipelineProblemCodeSchema,
  /** JSON path into the spec, e.g. ["stages", 2, "with", "window"]. */
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  /** How to fix it, e.g. the closest component name or the accepted values. */
  hint: z.string().optional(),
});
export type PipelineProblem = z.infer<typeof pipelineProblemSchema>;
