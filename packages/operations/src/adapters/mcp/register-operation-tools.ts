import type { FacilFlowError, Front } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { operationForTool, operationTool } from '../../runtime/tool-catalog.ts';

/**
 * Serves the registry as MCP tools for one caller: the list holds what they may use, with
 * hints from each operation's effect and its output schema; every call goes to the runtime.
 * The low-level handlers are used (not registerTool) so a call to an unlisted tool is still
 * authorized, refused and audited by the runtime rather than dropped by the SDK.
 */
export function registerOperationTools(server: McpServer, runtime: Runtime, principal: Principal, via: Front = 'mcp'): void {
  const lowLevel = server.server;
  lowLevel.registerCapabilities({ tools: { listChanged: false } });
  lowLevel.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: runtime.available(principal).map(operationTool),
  }));
  lowLevel.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const op = operationForTool(runtime.registry, request.params.name);
    if (!op) {
      return { isError: true, content: [{ type: 'text', text: JSON.stringify({ code: 'NOT_FOUND', message: `No tool ${request.params.name}` }) }] };
    }
    try {
      // The session is the conversation: the one that asked for an approval can never give it.
      const origin = { conversationId: extra.sessionId ?? null };
      const output = (await runtime.invoke(principal, via, op.name, request.params.arguments ?? {}, extra.signal, origin)) as Record<string, unknown>;
      return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
    } catch (e) {
      return toolError(e as FacilFlowError);
    }
  });
}

/** Errors travel as text a model can act on: the code, the message and, for a pending approval, the plan and where a person decides. */
export function toolError(error: FacilFlowError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ code: error.code, message: error.message, ...(error.details ?? {}) }) }],
  };
}
