import type { FacilFlowError, Front, ToolSelection } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../define-operation.ts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { operationForTool, operationTool } from '../../runtime/tool-catalog.ts';
import { ALL_TOOLS, selects, toolsetOf } from './toolsets.ts';
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
    try {
      // The session is the conversation: the one that asked for an approval can never give it.
      const origin = { conversationId: extra.sessionId ?? null };
      const output = (await runtime.invoke(principal, via, op.name, request.params.arguments ?? {}, extra.signal, origin)) as Record<string, unknown>;
      return toolResult(op, output);
    } catch (e) {
      return toolError(e as FacilFlowError);
    }
  });
}

function unselected(op: Operation, selection: ToolSelection): CallToolResult {
  const message =
    selection.readOnly && op.effect !== 'read'
      ? `${op.name} changes data and this connection is read-only`
      : `${op.name} is in toolset ${toolsetOf(op)}, which this connection did not enable`;
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ code: 'FORBIDDEN', message }) }] };
}

/** Errors travel as text a model can act on: the code, the message and, for a pending approval, the plan and where a person decides. */
export function toolError(error: FacilFlowError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ code: error.code, message: error.message, ...(error.details ?? {}) }) }],
  };
}
