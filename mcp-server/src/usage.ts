import { fileURLToPath } from 'node:url';

/** The help text; the Claude Desktop snippet names this very node and bin, so it can be pasted as is. */
export function usage(): string {
  const bin = fileURLToPath(new URL('../bin/facilflow-mcp.mjs', import.meta.url));
  const claudeDesktop = {
    mcpServers: {
      facilflow: {
        command: process.execPath,
        args: [bin],
        env: { FACILFLOW_URL: 'http://127.0.0.1:3000', FACILFLOW_API_KEY: 'ffk_…' },
      },
    },
  };
  return `facilflow-mcp: FacilFlow operations as MCP tools

Usage:
  facilflow-mcp [--toolsets <list>] [--read-only]
                         stdio server, for Claude Desktop and other local MCP clients
  facilflow-mcp --http   Streamable HTTP server: POST /mcp, GET /healthz
  facilflow-mcp --help   this text

The tools are the operations the API key's role may use, named resource_action
(e.g. members_list), in the toolsets chosen:
  --toolsets default     (the default) the daily operator tools: reads and operator
                         writes of agents, telemetry, pipelines, runs, deadLetters,
                         quality, lineage, tenants; nothing destructive
  --toolsets all         every tool the role may use
  --toolsets a,b         resource toolsets, e.g. default,apiKeys or runs,pipelines
  --read-only            no tool that changes anything, listed or called
An unknown toolset or a malformed value stops the server (exit 2). Over HTTP each
client chooses with X-MCP-Toolsets / X-MCP-Readonly, or ?toolsets=&read_only=.
Destructive ones answer NEEDS_CONFIRMATION with a plan and a
confirmationToken first; calling again with the same input and the token applies them.

stdio, relayed to a running FacilFlow server (recommended):
  FACILFLOW_URL        the server's base URL; its /mcp endpoint is used
  FACILFLOW_API_KEY    an API key (ffk_…) of the tenant to work in

stdio, in-process (FACILFLOW_URL unset): opens FacilFlow's stores in this process,
configured like the server (DATABASE_URL, FACILFLOW_DATA_DIR, FIREBASE_PROJECT_ID, ...).
  FACILFLOW_API_KEY    required
  The embedded PGlite store admits one process at a time: while the FacilFlow server
  runs on the same data directory, use FACILFLOW_URL instead.

--http: the same store settings, plus
  FACILFLOW_MCP_PORT   port (default 3001)
  FACILFLOW_HOST       interface (default 127.0.0.1)
  Every request authenticates with "Authorization: Bearer <API key or Firebase ID token>".

Claude Desktop (claude_desktop_config.json):
${JSON.stringify(claudeDesktop, null, 2)}
`;
}
