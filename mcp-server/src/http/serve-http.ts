import { loadConfig } from '@facilflow/config';
import { createHostAllowList } from '@facilflow/contracts';
import { createPlatform } from '@facilflow/platform';
import { createOperationsRuntime } from '@facilflow/operations';
import type { RunningServer } from '../running-server.ts';
import { createMcpHttpApp } from './create-mcp-http-app.ts';
import { listen } from './listen.ts';

export interface RunningHttpServer extends RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:3001/mcp. */
  url: string;
}

/** The MCP front on its own port, over a platform built in this process from the same configuration as the server. */
export async function serveHttp(env: Record<string, string | undefined> = process.env): Promise<RunningHttpServer> {
  const config = loadConfig(env);
  const platform = await createPlatform(config);
  try {
    const allowList = createHostAllowList({ publicUrl: config.http.publicUrl, extraHosts: config.http.allowedHosts });
    const server = await listen(createMcpHttpApp(createOperationsRuntime(platform), { allowList, firebaseProjectId: config.firebase.projectId }), config.http.mcpPort, config.http.host);
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
