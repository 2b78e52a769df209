import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { Principal } from '@facilflow/contracts';
import { operationTool, toolName, type Operation, type Runtime } from '@facilflow/operations';

export const FIND_TOOLS = 'find_tools';

/**
 * What most questions need, sent every turn; everything else the user may call is found
 * with find_tools and loaded from then on. Few, so the definitions sent per turn stay small.
 */
export const DAILY_OPERATIONS = ['telemetry.exploreCatalog', 'telemetry.query', 'telemetry.latest', 'quality.issues', 'pipelines.list'] as const;

/** Jarvis's own history is the person's to manage in the web app, not the model's; and a model never sets its own budget. */
export function isJarvisTool(op: Operation): boolean {
  return !op.name.startsWith('conversations.') && op.name !== 'budgets.set';
}

/** The operations this person may call, as the web app would offer them: Jarvis never gets more. */
export function availableToJarvis(runtime: Runtime, principal: Principal): Operation[] {
  return runtime.available(principal).filter(isJarvisTool);
}

export function modelTool(op: Operation): Tool {
  const tool = operationTool(op);
  return { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
}

export const findToolsDefinition: Tool = {
  name: FIND_TOOLS,
  description:
    'Searches every FacilFlow capability you may use (agents, data sources, schemas, pipelines, runs, members, API keys, audit, ' +
    'dead letters, lineage, templates, ...) by words and loads the matching tools, so you can call them from your next step. ' +
    'Use it whenever the tools you have do not cover the request. Returns each match\'s name, title and summary.',
  input_schema: {
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 1, maxLength: 200, description: 'Words describing what you want to do, e.g. "create pipeline", "delete api key"' },
      limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 },
    },
    required: ['query'],
    additionalProperties: false,
  },
};

/**
 * The tools of one request: find_tools and the daily ones first (a stable prefix, cached
 * through the breakpoint on its last tool), then those loaded by find_tools in this conversation.
 */
export function toolsForTurn(available: readonly Operation[], loaded: ReadonlySet<string>): Tool[] {
  const daily = available.filter((op) => (DAILY_OPERATIONS as readonly string[]).includes(op.name));
  const extra = available.filter((op) => loaded.has(op.name) && !daily.includes(op));
  const stable: Tool[] = [findToolsDefinition, ...daily.map(modelTool)];
  const last = stable.length - 1;
  stable[last] = { ...stable[last]!, cache_control: { type: 'ephemeral' } };
  return [...stable, ...extra.map(modelTool)];
}

export function operationNamed(available: readonly Operation[], tool: string): Operation | undefined {
  return available.find((op) => toolName(op.name) === tool);
}
