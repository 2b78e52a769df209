import type { FacilFlowError, Front, ToolSelection } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../define-operation.ts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { operationForTool, operationTool } from '../../runtime/tool-catalog.ts';
import { ALL_TOOLS, selects, toolsetOf } from './toolsets.ts';
import { elicitApproval, type ElicitationOutcome } from './elicit-approval.ts';
import { progressNotifier } from './progress-notifier.ts';
import { boundedOutput } from './result-pages.ts';
import { fenceUntrusted } from '../../runtime/untrusted-fence.ts';
import { toolResult } from './untrusted-result.ts';

/**
 * Serves the registry as MCP tools for one caller: the list holds what their role may use
 * within the connection's toolsets, with hints from each operation's effect and its output
 * schema; every call goes to the runtime.
 * The low-level handlers are used (not registerTool) so a call to a tool the role may not use
 * is still authorized, refused and audited by the runtime rather than dropped by the SDK.
 */
export function registerOperationTools(
  server: McpServer,
  runtime: Runtime,
  principal: Principal,
  via: Front = 'mcp',
  selection: ToolSelection = ALL_TOOLS,
): void {
  const lowLevel = server.server;
  lowLevel.registerCapabilities({ tools: { listChanged: false } });
  lowLevel.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: runtime.available(principal).filter((op) => selects(selection, op)).map(operationTool),
  }));
  lowLevel.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const op = operationForTool(runtime.registry, request.params.name);
    if (!op) {
      return { isError: true, content: [{ type: 'text', text: JSON.stringify({ code: 'NOT_FOUND', message: `No tool ${request.params.name}` }) }] };
    }
    // The connection's choice, not the role's: refused here, before the runtime has anything to do.
    if (!selects(selection, op)) return unselected(op, selection);
    const args = request.params.arguments ?? {};
    // The session is the conversation: the one that asked for an approval can never give it through a tool.
    const conversationId = extra.sessionId ?? null;
    try {
      const output = (await runtime.invoke(principal, via, op.name, args, extra.signal, { conversationId, onProgress: progressNotifier(op, extra) })) as Record<string, unknown>;
      const bounded = boundedOutput(op, args, output);
      if (!bounded) return toolResult(op, output);
      const result = toolResult(op, bounded.output);
      return { ...result, content: [...result.content, ...(bounded.extra.content ?? [])], _meta: { ...result._meta, ...bounded.extra._meta } };
    } catch (e) {
      const error = e as FacilFlowError;
      try {
        return elicited(error, await elicitApproval(server, runtime, principal, via, error, extra.signal, conversationId));
      } catch (failure) {
        return toolError(failure as FacilFlowError);
      }
    }
  });
}

/** The answer once the person was (or could not be) asked in their client. */
function elicited(error: FacilFlowError, outcome: ElicitationOutcome): CallToolResult {
  if (!outcome.asked) return toolError(error);
  const approval = outcome.applied;
  if (approval) {
    const text = fenceUntrusted(JSON.stringify({ approval }), ['approval.plan', 'approval.input']).text;
    const note = `The person approved this in their MCP client; it was ${approval.status} once, by the approval ${approval.id}.`;
    return { isError: approval.status !== 'applied', content: [{ type: 'text', text: `${note}\n${text}` }] };
  }
  const why =
    outcome.answer === 'accept'
      ? ' The person accepted in their MCP client, but this tenant counts only approvals in the web app or the CLI: it stays pending.'
      : ` The person answered "${outcome.answer}" in their MCP client: nothing was applied, and the request stays pending until it is decided in the web app or it expires.`;
  return toolError({ code: error.code, message: `${error.message}${why}`, details: error.details });
}

function unselected(op: Operation, selection: ToolSelection): CallToolResult {
  const message =
    selection.readOnly && op.effect !== 'read'
      ? `${op.name} changes data and this connection is read-only`
      : `${op.name} is in toolset ${toolsetOf(op)}, which this connection did not enable`;
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ code: 'FORBIDDEN', message }) }] };
}

/** Errors travel as text a model can act on: the code, the message and, for a pending approval, the plan and where a person decides. */
export function toolError(error: Pick<FacilFlowError, 'code' | 'message' | 'details'>): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ code: error.code, message: error.message, ...(error.details ?? {}) }) }],
  };
}
