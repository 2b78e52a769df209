import { ConfigError, loadConfig } from '@facilflow/config';
import { createPlatform } from '@facilflow/core';
import { createOperationsRuntime } from '@facilflow/operations';
import type { RunningServer } from '../running-server.ts';
import { createMcpHttpApp } from './create-mcp-http-app.ts';
import { listen } from './listen.ts';

export interface RunningHttpServer extends RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:3001/mcp. */
  url: string;
}

const DEFAULT_PORT = 3001;

/** The MCP front on its own port, over a platform built in this process from the same configuration as the server. */
export async function serveHttp(env: Record<string, string | undefined> = process.env): Promise<RunningHttpServer> {
  const port = mcpPort(env.FACILFLOW_MCP_PORT);
  const config = loadConfig(env);
  const platform = await createPlatform(config);
  try {
    const server = await listen(createMcpHttpApp(createOperationsRuntime(platform)), port, config.http.host);
    return {
      url: `${server.origin}/mcp`,
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

function mcpPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('FACILFLOW_MCP_PORT', `must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}
