import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { registerOperationTools } from '@facilflow/operations/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SERVER_INFO } from './server-info.ts';

/** An MCP server offering this caller exactly the operations their role may use. */
export function createFacilFlowMcpServer(runtime: Runtime, principal: Principal): McpServer {
  const server = new McpServer(SERVER_INFO);
  registerOperationTools(server, runtime, principal, 'mcp');
  return server;
}
