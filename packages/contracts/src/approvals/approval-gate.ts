import { z } from 'zod';
import { humanRoleSchema } from '../identity/roles.ts';
import { pipelineRowSchema } from '../pipelines/pipeline-row.ts';

/**
 * The `operation` of an approval a pipeline's `control.approval-gate` asked for. No registry
 * operation has this name: what approving it applies is the run going on past the gate.
 */
export const APPROVAL_GATE_OPERATION = 'control.approval-gate';

/** The stored input of a gate's approval: the run it holds and the plan the person decides on. */
export const approvalGateInputSchema = z.object({
  runId: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  title: z.string(),
  instructions: z.string(),
  /** Only a person holding one of these roles may approve or reject. */
  approverRoles: z.array(humanRoleSchema).min(1),
  rowCount: z.number().int().nonnegative(),
  /** The first rows the gate holds, cut to a size a person reads and the approval stores. */
  sample: z.array(pipelineRowSchema),
});
export type ApprovalGateInput = z.infer<typeof approvalGateInputSchema>;
