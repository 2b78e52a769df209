import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A content block the fake model answers with. */
export type FakeBlock = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export interface FakeTurn {
  blocks: FakeBlock[];
  /** Default: tool_use when a block is one, else end_turn. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  /**
   * Tokens the response reports, in place of the defaults (input ≈ request bytes / 4, output ≈
   * content bytes / 4, no cache): a test of metering scripts exact figures, prompt caching included.
   */
  usage?: Partial<FakeUsage>;
}

/** The `usage` of a Messages API response. */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A request as the fake received it: enough for a test to check the tools sent and the tool results returned. */
export interface FakeRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    stream?: boolean;
    system?: unknown;
    tools?: Array<{ name: string; description?: string; input_schema: unknown; cache_control?: unknown }>;
    messages: Array<{ role: string; content: unknown }>;
  };
  bytes: number;
}

/** One scripted answer, or a function of the request (and the requests so far) that returns it, or a promise of it (a model still thinking, until the test lets it answer). */
export type FakeScriptStep = FakeTurn | ((request: FakeRequest) => FakeTurn | Promise<FakeTurn>);

export interface FakeAnthropic {
  /** What ANTHROPIC_BASE_URL is set to. */
  url: string;
  requests: FakeRequest[];
  /** Replaces what is left of the script. */
  script(steps: FakeScriptStep[]): void;
  close(): Promise<void>;
}

export interface ToolResultSeen {
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** The tool_result blocks of a request's last user message. */
export function toolResultsOf(request: FakeRequest): ToolResultSeen[] {
  const last = request.body.messages.at(-1);
  if (!last || !Array.isArray(last.content)) return [];
  return (last.content as Array<{ type?: string } & Partial<ToolResultSeen>>).flatMap((block) =>
    block.type === 'tool_result' ? [{ tool_use_id: String(block.tool_use_id), content: typeof block.content === 'string' ? block.content : JSON.stringify(block.content), ...(block.is_error ? { is_error: true } : {}) }] : [],
  );
}

const approxTokens = (bytes: number) => Math.ceil(bytes / 4);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function contentOf(turn: FakeTurn) {
  return turn.blocks.map((block) =>
    block.type === 'text' ? { type: 'text', text: block.text, citations: null } : { type: 'tool_use', id: block.id ?? `toolu_${randomBytes(8).toString('hex')}`, name: block.name, input: block.input },
  );
}

function messageOf(request: FakeRequest, turn: FakeTurn) {
  const content = contentOf(turn);
  const stopReason = turn.stopReason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
  const outputTokens = approxTokens(Buffer.byteLength(JSON.stringify(content)));
  return {
    id: `msg_${randomBytes(8).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: request.body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: approxTokens(request.bytes), output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...turn.usage } satisfies FakeUsage,
  };
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The event sequence of the real streaming API: message_start, per block start/delta(s)/stop, message_delta, message_stop. */
function stream(res: ServerResponse, message: ReturnType<typeof messageOf>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_${randomBytes(6).toString('hex')}` });
  sse(res, 'message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } });
  sse(res, 'ping', { type: 'ping' });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
      // Split in two deltas, as the real API streams text in pieces.
      const text = block.text ?? '';
      const half = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, half), text.slice(half)].filter(Boolean)) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const cut = Math.ceil(json.length / 2);
      for (const piece of [json.slice(0, cut), json.slice(cut)].filter(Boolean)) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  // As the real API: message_start carries the input and cache figures, message_delta the cumulative ones at the end.
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: message.usage });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function apiError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1: POST /v1/messages answers each
 * request with the next scripted turn, streamed as server-sent events like the real API (or
 * as one JSON message without `stream`), and records every request. A request past the end
 * of the script gets an API error, so a test that expected fewer turns fails.
 */
export async function startFakeAnthropic(steps: FakeScriptStep[] = []): Promise<FakeAnthropic> {
  let script = [...steps];
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') return apiError(res, 404, 'not_found_error', `No route ${req.method} ${req.url}`);
      // The SDK sends its key as a bearer; older clients as x-api-key.
      if (!req.headers['x-api-key'] && !req.headers.authorization) return apiError(res, 401, 'authentication_error', 'An API key is required (Authorization or x-api-key)');
      const text = await readBody(req);
      const request: FakeRequest = { headers: req.headers, body: JSON.parse(text) as FakeRequest['body'], bytes: Buffer.byteLength(text) };
      requests.push(request);
      const step = script.shift();
      if (!step) return apiError(res, 500, 'api_error', `fake Anthropic: no scripted turn left for request ${requests.length}`);
      let turn: FakeTurn;
      try {
        turn = typeof step === 'function' ? await step(request) : step;
      } catch (error) {
        return apiError(res, 500, 'api_error', `fake Anthropic: the scripted turn threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      // The caller may have given up while the turn was held (an aborted request): nothing to answer.
      if (res.destroyed) return;
      const message = messageOf(request, turn);
      if (request.body.stream) return stream(res, message);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(message));
    })().catch((error: unknown) => apiError(res, 500, 'api_error', error instanceof Error ? error.message : String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      script = [...next];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
