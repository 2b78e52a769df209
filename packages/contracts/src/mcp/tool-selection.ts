/**
 * Which tools one MCP connection offers, on top of what the caller's role allows: the
 * toolsets asked for (by resource, `default` or `all`) and whether writes are left out.
 * Chosen per connection with `--toolsets`/`--read-only` on stdio, and on HTTP with these
 * headers or query parameters.
 */
export interface ToolSelection {
  /** Resource toolsets (e.g. `agents`) and `default`, the daily set; null means all. */
  toolsets: ReadonlySet<string> | null;
  readOnly: boolean;
}

/** What a client sends before parsing: flag, header or query values, absent when not given. */
export interface ToolSelectionRequest {
  toolsets?: string | undefined;
  readOnly?: string | undefined;
}

export const MCP_TOOLSETS_HEADER = 'x-mcp-toolsets';
export const MCP_READONLY_HEADER = 'x-mcp-readonly';
export const MCP_TOOLSETS_QUERY = 'toolsets';
export const MCP_READONLY_QUERY = 'read_only';
