import type { Front } from '@facilflow/contracts';
import type { Principal } from '@facilflow/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FacilFlowError } from '@facilflow/contracts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { frontInputSchema, toolName } from '../../runtime/front-input.ts';

/**
 * Registers, for this caller, one tool per operation they may use. Hints come from the
 * operation's effect and the output schema from its definition, never from a second list.
 */
export function registerOperationTools(server: McpServer, runtime: Runtime, principal: Principal, via: Front = 'mcp'): void {
  for (const op of runtime.available(principal)) {
    server.registerTool(
      toolName(op.name),
      {
        title: op.title,
        description: op.description,
        inputSchema: frontInputSchema(op),
        outputSchema: op.output,
        annotations: {
          title: op.title,
          readOnlyHint: op.effect === 'read',
          destructiveHint: op.effect === 'destructive',
          idempotentHint: op.effect === 'read',
          openWorldHint: false,
        },
      },
      async (args: unknown, extra): Promise<CallToolResult> => {
        try {
          const output = (await runtime.invoke(principal, via, op.name, args, extra.signal)) as Record<string, unknown>;
          return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
        } catch (e) {
          return toolError(e as FacilFlowError);
        }
      },
    );
  }
}

/** Errors travel as text a model can act on: the code, the message and, for confirmations, the plan and token. */
export function toolError(error: FacilFlowError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ code: error.code, message: error.message, ...(error.details ?? {}) }) }],
  };
}
