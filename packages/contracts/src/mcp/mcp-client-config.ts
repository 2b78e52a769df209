/**
 * Claude Desktop configuration for FacilFlow's MCP server. Claude Desktop starts local
 * (stdio) servers only, so the HTTP endpoint is reached through the mcp-remote bridge.
 */
export interface McpClientTarget {
  /** The server's public URL, e.g. http://127.0.0.1:3000. */
  url: string;
  apiKey: string;
}

export function mcpEndpoint(url: string): string {
  return `${url.replace(/\/+$/, '')}/mcp`;
}

/** stdio: Claude Desktop runs facilflow-mcp, which calls the server with the key. `npxArgs` say where to find it. */
export function claudeDesktopStdioConfig(target: McpClientTarget, npxArgs: readonly string[]): string {
  return claudeDesktopConfig({
    command: 'npx',
    args: [...npxArgs, 'facilflow-mcp'],
    env: { FACILFLOW_URL: target.url, FACILFLOW_API_KEY: target.apiKey },
  });
}

/** HTTP: mcp-remote relays to the endpoint; the header is passed through env so the key stays out of the args. */
export function claudeDesktopHttpConfig(target: McpClientTarget): string {
  const endpoint = mcpEndpoint(target.url);
  const plainHttp = endpoint.startsWith('http://') ? ['--allow-http'] : [];
  return claudeDesktopConfig({
    command: 'npx',
    args: ['-y', 'mcp-remote', endpoint, ...plainHttp, '--header', 'Authorization:${FACILFLOW_AUTH_HEADER}'],
    env: { FACILFLOW_AUTH_HEADER: `Bearer ${target.apiKey}` },
  });
}

function claudeDesktopConfig(server: { command: string; args: string[]; env: Record<string, string> }): string {
  return JSON.stringify({ mcpServers: { facilflow: server } }, null, 2);
}
