import type { FacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { operationForTool, operationTool } from '../../runtime/tool-catalog.ts';
import { fenceOperationResult } from '../../runtime/untrusted-fence.ts';

/** The Anthropic Messages API tool shape Jarvis hands to the model. */
export interface JarvisToolSpec {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

export function jarvisToolSpecs(runtime: Runtime, principal: Principal): JarvisToolSpec[] {
  return runtime.available(principal).map((op) => {
    const tool = operationTool(op);
    return { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
  });
}

/**
 * Runs a tool the model asked for and gives back the text of a tool_result block. The
 * conversation's id goes with the call, so a destructive one waits for a person's approval
 * that this conversation cannot give.
 */
export async function runJarvisTool(
  runtime: Runtime,
  principal: Principal,
  name: string,
  input: unknown,
  signal?: AbortSignal,
  conversationId: string | null = null,
): Promise<{ content: string; isError: boolean }> {
  const op = operationForTool(runtime.registry, name);
  if (!op) return { content: JSON.stringify({ code: 'NOT_FOUND', message: `No tool ${name}` }), isError: true };
  try {
    const output = await runtime.invoke(principal, 'jarvis', op.name, input, signal, { conversationId });
    return { content: fenceOperationResult(op, JSON.stringify(output)).text, isError: false };
  } catch (e) {
    const error = e as FacilFlowError;
    return { content: JSON.stringify({ code: error.code, message: error.message, ...(error.details ?? {}) }), isError: true };
  }
}
