import type { FacilFlowError, Front, Principal } from '@facilflow/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runtime } from '../../runtime/create-runtime.ts';

export interface PendingApproval {
  plan: string;
  approvalId: string;
  approvalUrl: string;
}

/** What the answer to a destructive call says after asking the person through their client. */
export type ElicitationOutcome =
  | { asked: false }
  | { asked: true; answer: 'accept' | 'decline' | 'cancel'; applied: Awaited<ReturnType<Runtime['approveByElicitation']>> };

function pendingOf(error: FacilFlowError): PendingApproval | null {
  const details = error.details as Partial<PendingApproval> | undefined;
  if (error.code !== 'PENDING_APPROVAL' || !details?.approvalId || !details.plan || !details.approvalUrl) return null;
  return { plan: details.plan, approvalId: details.approvalId, approvalUrl: details.approvalUrl };
}

/**
 * A destructive call filed a pending approval: when the connected client declared the
 * elicitation capability, the person is asked there, in a prompt of the client that the model
 * neither sees nor answers. An accepted plan counts where the tenant lets it (then the request is
 * applied once and the approval returned); a decline leaves the request pending for the web app.
 */
export async function elicitApproval(
  server: McpServer,
  runtime: Runtime,
  principal: Principal,
  via: Front,
  error: FacilFlowError,
  signal: AbortSignal,
  conversationId: string | null,
): Promise<ElicitationOutcome> {
  const pending = pendingOf(error);
  if (!pending || !server.server.getClientCapabilities()?.elicitation) return { asked: false };
  const answer = await server.server.elicitInput(
    {
      message:
        `A model asked FacilFlow to do this, which only a person may allow:\n${pending.plan}\n` +
        `Approve it? (Or decide later at ${pending.approvalUrl}.)`,
      requestedSchema: {
        type: 'object',
        properties: { approve: { type: 'boolean', title: 'Approve', description: 'Apply this call once, as planned' } },
        required: ['approve'],
      },
    },
    { signal },
  );
  if (answer.action !== 'accept' || answer.content?.approve !== true) return { asked: true, answer: answer.action === 'accept' ? 'decline' : answer.action, applied: null };
  const applied = await runtime.approveByElicitation(principal, via, pending.approvalId, signal, { conversationId });
  return { asked: true, answer: 'accept', applied };
}
