import { loadConfig } from '@facilflow/config';
import { isFacilFlowError } from '@facilflow/contracts';
import { createPlatform } from '@facilflow/platform';
import { type Principal, type ToolSelection } from '@facilflow/contracts';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { parseToolSelection } from '@facilflow/operations/mcp';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createFacilFlowMcpServer } from '../create-facilflow-mcp-server.ts';
import type { RunningServer } from '../running-server.ts';
import { StartupError, requiredEnv } from '../startup-error.ts';
import { API_KEY_HINT } from './api-key-hint.ts';
import { keepStdoutForProtocol } from './keep-stdout-for-protocol.ts';
import { reauthenticatingRuntime } from './reauthenticating-runtime.ts';

/**
 * A stdio MCP server over a platform opened in this process, configured like the FacilFlow
 * server (DATABASE_URL, FACILFLOW_DATA_DIR, FIREBASE_*), acting as FACILFLOW_API_KEY,
 * offering the selected tools (default: the default toolset).
 */
export async function serveInProcess(env: Record<string, string | undefined> = process.env, selection?: ToolSelection): Promise<RunningServer> {
  keepStdoutForProtocol();
  const apiKey = requiredEnv(env, 'FACILFLOW_API_KEY', API_KEY_HINT);
  const platform = await createPlatform(loadConfig(env));
  try {
    const runtime = createOperationsRuntime(platform);
    const principal = await authenticateApiKey(runtime, apiKey);
    const server = createFacilFlowMcpServer(reauthenticatingRuntime(runtime, apiKey), principal, selection ?? parseToolSelection(runtime.registry, {}));
    await server.connect(new StdioServerTransport());
    console.error(`facilflow-mcp: serving tenant ${principal.tenantId} as ${principal.role}, in process`);
    return {
      async close() {
        await server.close();
        await platform.close();
      },
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

async function authenticateApiKey(runtime: Runtime, apiKey: string): Promise<Principal> {
  try {
    return await runtime.authenticate(apiKey);
  } catch (error) {
    if (isFacilFlowError(error) && error.code === 'UNAUTHENTICATED') {
      throw new StartupError(`FACILFLOW_API_KEY was refused: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
