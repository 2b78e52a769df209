import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { availableToJarvis, modelTool, toolsForTurn } from './model-tools.ts';

export interface ToolDefinitionSize {
  tools: number;
  bytes: number;
  /** Bytes / 4: the usual rough rate of JSON to tokens; the API's usage reports the exact count. */
  approxTokens: number;
}

const sizeOf = (tools: readonly object[]): ToolDefinitionSize => {
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  return { tools: tools.length, bytes, approxTokens: Math.ceil(bytes / 4) };
};

/** What one request sends as tool definitions (find_tools and the daily tools) against sending every tool the person may use. */
export function measureToolDefinitions(runtime: Runtime, principal: Principal): { perTurn: ToolDefinitionSize; allTools: ToolDefinitionSize } {
  const available = availableToJarvis(runtime, principal);
  return { perTurn: sizeOf(toolsForTurn(available, new Set())), allTools: sizeOf(available.map(modelTool)) };
}
