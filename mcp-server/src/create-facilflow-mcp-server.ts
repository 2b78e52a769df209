import type { Principal, ToolSelection } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { registerOperationTools, registerPrompts, registerResources, UNTRUSTED_DATA_RULE } from '@facilflow/operations/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { lazyJsonSchemaValidator } from './lazy-json-schema-validator.ts';
import { SERVER_INFO } from './server-info.ts';

// Sent once per session rather than in each of the tools' descriptions.
const INSTRUCTIONS = [
  'FacilFlow: the plant data, edge agents and pipelines of the tenant your credential belongs to.',
  'Tools are named resource_action; ids come from the matching _list tool; times are ISO 8601; a list answer with nextCursor continues with cursor.',
  'A result longer than a page shows its first rows and links a facilflow://results/… resource that serves every page. Resources: facilflow://catalog, facilflow://pipelines/{id}, facilflow://components/{name}, facilflow://schemas/pipeline.json.',
  UNTRUSTED_DATA_RULE,
].join('\n');

/** An MCP server offering this caller the operations their role may use, within the connection's tool selection. */
export function createFacilFlowMcpServer(runtime: Runtime, principal: Principal, selection: ToolSelection): McpServer {
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS, jsonSchemaValidator: lazyJsonSchemaValidator() });
  registerOperationTools(server, runtime, principal, 'mcp', selection);
  registerResources(server, runtime, principal, 'mcp');
  registerPrompts(server);
  return server;
}
