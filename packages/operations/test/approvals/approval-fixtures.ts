import { isFacilFlowError, type Front, type Principal } from '@facilflow/contracts';
import type { TestPlatform } from '@facilflow/testkit';

export interface PendingApproval {
  approvalId: string;
  approvalUrl: string;
  plan: string;
  message: string;
}

/** What a model-facing front answers a destructive call with; fails the test if it answered anything else. */
export async function askThroughModel(
  t: TestPlatform,
  principal: Principal,
  operation: string,
  input: Record<string, unknown>,
  via: Front = 'mcp',
  conversationId: string | null = null,
): Promise<PendingApproval> {
  const answer = await t.runtime.invoke(principal, via, operation, input, undefined, { conversationId }).then(
    (output: unknown) => ({ applied: output }),
    (error: unknown) => ({ error }),
  );
  if ('applied' in answer) throw new Error(`${operation} through ${via} was applied without a person's approval`);
  const { error } = answer;
  if (!isFacilFlowError(error) || error.code !== 'PENDING_APPROVAL') throw error;
  return { ...(error.details as Omit<PendingApproval, 'message'>), message: error.message };
}

/** A pending approval in this tenant, asked by a fresh service key over MCP. */
export async function pendingApproval(t: TestPlatform, tenantId: string, operation: string, input: Record<string, unknown>): Promise<string> {
  const key = await t.runtime.authenticate(await t.apiKey(tenantId, 'service'));
  return (await askThroughModel(t, key, operation, input)).approvalId;
}
