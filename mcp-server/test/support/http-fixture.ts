import { MCP_TOOLSETS_HEADER } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createMcpHttpApp } from '../../src/http/create-mcp-http-app.ts';
import { listen } from '../../src/http/listen.ts';
import { connectHttp } from './mcp-clients.ts';

export interface HttpFixture {
  t: TestPlatform;
  /** The server's base, e.g. http://127.0.0.1:PORT. */
  origin: string;
  /** Its MCP endpoint. */
  url: URL;
  /** An MCP client over Streamable HTTP with this bearer, closed with the fixture; every toolset unless the headers say otherwise. */
  connect(bearer: string, headers?: Record<string, string>, query?: string): Promise<Client>;
  close(): Promise<void>;
}

/** The MCP router on a free port of 127.0.0.1, over a test platform's runtime. */
export async function startHttpFixture(): Promise<HttpFixture> {
  const t = await createTestPlatform();
  const firebaseProjectId = process.env.FF_TEST_PROJECT_ID;
  if (!firebaseProjectId) throw new Error('The Auth emulator is not running: run tests through vitest (test/global-setup.ts)');
  const server = await listen(createMcpHttpApp(t.runtime, { firebaseProjectId }), 0, '127.0.0.1');
  const url = new URL('/mcp', server.origin);
  const clients: Client[] = [];
  return {
    t,
    origin: server.origin,
    url,
    async connect(bearer, headers = { [MCP_TOOLSETS_HEADER]: 'all' }, query = '') {
      const client = await connectHttp(new URL(`${url.href}${query}`), bearer, headers);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await server.close();
      await t.close();
    },
  };
}
