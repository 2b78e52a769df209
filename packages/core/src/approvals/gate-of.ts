import { APPROVAL_GATE_OPERATION, approvalGateInputSchema, type ApprovalGateInput } from '@facilflow/contracts';

/** The gate a pipeline asked for when the approval is one, else null (a call's approval). */
export function gateOf(approval: { operation: string; input: unknown }): ApprovalGateInput | null {
  if (approval.operation !== APPROVAL_GATE_OPERATION) return null;
  return approvalGateInputSchema.parse(approval.input);
}
