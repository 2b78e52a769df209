import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface ToolError {
  code: string;
  message: string;
  plan?: string;
  confirmationToken?: string;
  approvalId?: string;
  approvalUrl?: string;
  expiresAt?: string;
}

export async function connectHttp(url: URL, bearer: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'facilflow-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { ...headers, Authorization: `Bearer ${bearer}` } } }));
  return client;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
}

/** The JSON a failed tool call carries in its text: code, message and any details. */
export function toolError(result: CallToolResult): ToolError {
  if (!result.isError) throw new Error(`Expected a tool error, got ${JSON.stringify(result)}`);
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error(`Tool error without text: ${JSON.stringify(result)}`);
  return JSON.parse(first.text) as ToolError;
}

/** An MCP initialize request sent by hand, to see the HTTP answer itself (status, headers). */
export function postInitialize(url: URL, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0.0.0' } },
    }),
  });
}

export function apiKeyId(key: string): string {
  const id = key.split('_')[1];
  if (!id) throw new Error(`Not an API key: ${key}`);
  return id;
}

/** The JSON a successful result's text carries, inside its untrusted-data fence when it has one. */
export function resultJson(result: CallToolResult): unknown {
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error(`Result without text: ${JSON.stringify(result)}`);
  const fenced = /^<(untrusted-data-[0-9a-f]{16})>\n([\s\S]*)\n<\/\1>$/m.exec(first.text);
  return JSON.parse(fenced ? (fenced[2] as string) : first.text);
}
