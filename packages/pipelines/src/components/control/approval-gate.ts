import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls } from '../../executor/stage-controls.ts';
import { StageFailure } from '../../executor/stage-failure.ts';

const approvalGateConfigSchema = z.object({
  title: z.string().min(1).max(200).describe('What is asked, e.g. "Write corrected setpoints to Line 2"'),
  instructions: z.string().max(4000).default('').describe('What the approver should check'),
  approverRoles: z
    .array(z.enum(['owner', 'admin', 'engineer', 'operator']))
    .min(1)
    .default(['engineer', 'operator'])
    .describe('Only these roles decide; list owner or admin too if they should'),
});

export const approvalGateComponent = defineComponent({
  name: 'control.approval-gate',
  category: 'control',
  title: 'Approval gate',
  description:
    'Holds its input until a person decides: the run waits in `waiting_approval` with a request in approvals.list showing the title, the instructions and a sample of the rows. ' +
    'A person holding one of approverRoles decides it with approvals.approve or approvals.reject; a worker taking the run over waits on the same request. ' +
    'Approved, the rows go on unchanged; rejected, the step fails with the approver\'s reason (no retry) and the stage\'s error policy applies. ' +
    "Set the stage's errorPolicy.timeoutMs to give up on a request nobody answers; a cancel or a timeout withdraws the request.",
  config: approvalGateConfigSchema,
  input: { kind: 'rows', min: 1, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Approve before writing setpoints', with: { title: 'Write corrected setpoints to Line 2', instructions: 'Check the deltas stay under 5 °C.', approverRoles: ['engineer'] } }],
  run: async (context, inputs) => {
    const rows = inputs.flatMap((input) => input.rows);
    const decision = await stageControls(context).awaitApproval(
      { title: context.config.title, instructions: context.config.instructions, approverRoles: context.config.approverRoles, rowCount: rows.length, sample: rows },
      context.signal,
    );
    if (!decision.approved) {
      const by = decision.decidedBy ? ` by ${decision.decidedBy}` : '';
      throw new StageFailure(`rejected${by}: ${decision.reason ?? 'no reason given'}`, { code: 'rejected', retryable: false });
    }
    return { rows };
  },
});
