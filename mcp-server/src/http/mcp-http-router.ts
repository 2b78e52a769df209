import { BODY_LIMITS, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText, type InputRefusal } from '@facilflow/contracts';
import { bearerFromHeader, type Principal, type ToolSelection } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type Request, type Response, type Router } from 'express';
import { createFacilFlowMcpServer } from '../create-facilflow-mcp-server.ts';
import { bearerChallenge } from './bearer-challenge.ts';
import { ErrorCode, SERVER_ERROR, sendJsonRpcError } from './json-rpc-error.ts';
import { protectedResourceMetadataUrl } from './protected-resource-metadata.ts';
import { toolSelectionOfRequest } from './tool-selection-of-request.ts';

/**
 * MCP Streamable HTTP at the router's root, stateless: every POST authenticates its own
 * bearer credential and gets a fresh server listing that caller's tools, so a revoked key
 * or a changed role takes effect on the next request and nothing is kept between requests.
 * The request's toolset headers or query parameters choose which of the caller's tools it lists.
 */
export function createMcpHttpRouter(runtime: Runtime): Router {
  const router = express.Router();
  const resourceMetadata = protectedResourceMetadataUrl(runtime.services.publicUrl);

  router.post('/', async (req, res) => {
    if (!req.headers.authorization) {
      // No credential at all: the challenge without an error, pointing at where to get one.
      res.set('WWW-Authenticate', bearerChallenge(resourceMetadata, null));
      sendJsonRpcError(res, 401, SERVER_ERROR, 'Unauthorized: send "Authorization: Bearer <API key or Firebase ID token>"');
      return;
    }
    let principal: Principal;
    try {
      principal = await runtime.authenticate(bearerFromHeader(req.headers.authorization));
    } catch (error) {
      refuse(res, error, resourceMetadata);
      return;
    }
    let selection: ToolSelection;
    try {
      selection = toolSelectionOfRequest(runtime.registry, req);
    } catch (error) {
      if (!isFacilFlowError(error)) throw error;
      sendJsonRpcError(res, 400, ErrorCode.InvalidRequest, `Invalid request: ${error.message}`);
      return;
    }
    // Read only once the caller is known, so an anonymous one cannot make us read a megabyte.
    let body: unknown;
    try {
      body = parseBoundedJson(await readBoundedText(req, { maxBytes: BODY_LIMITS.mcpBytes, declaredLength: req.headers['content-length'] }));
    } catch (error) {
      // Anything else is the upload breaking off (the client went away): nothing was done, and there is no one to tell.
      refuseInput(res, inputRefusal(error) ?? { status: 400, limit: 'body', message: 'The body could not be read' });
      return;
    }
    await serve(runtime, principal, selection, req, res, body);
  });
  // Stateless: there is no session to stream to (GET) or to end (DELETE).
  router.all('/', (_req, res) => {
    res.set('Allow', 'POST');
    sendJsonRpcError(res, 405, SERVER_ERROR, 'Method not allowed: this MCP endpoint is stateless and takes POST only');
  });
  return router;
}

async function serve(runtime: Runtime, principal: Principal, selection: ToolSelection, req: Request, res: Response, body: unknown): Promise<void> {
  const server = createFacilFlowMcpServer(runtime, principal, selection);
  // Plain JSON answers, except for a request that asked for progress: its notifications need the event stream.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !asksForProgress(body) });
  res.on('close', () => {
    // Closing the server closes the transport it is connected to.
    server.close().catch((error: unknown) => console.error('[mcp] closing a request server failed:', error));
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  } catch (error) {
    console.error('[mcp] request failed:', error);
    if (!res.headersSent) sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
  }
}

function asksForProgress(body: unknown): boolean {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const meta = (message as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta;
    return meta?.progressToken !== undefined;
  });
}

function refuse(res: Response, error: unknown, resourceMetadata: string): void {
  if (isFacilFlowError(error) && error.code === 'UNAUTHENTICATED') {
    res.set('WWW-Authenticate', bearerChallenge(resourceMetadata, error.message));
    sendJsonRpcError(res, 401, SERVER_ERROR, `Unauthorized: ${error.message}`);
  } else if (isFacilFlowError(error) && error.code === 'UNAVAILABLE') {
    sendJsonRpcError(res, 503, SERVER_ERROR, `Service unavailable: ${error.message}`);
  } else {
    console.error('[mcp] authentication failed:', error);
    sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
  }
}

/**
 * A body over a limit, answered in JSON-RPC. An oversize one is left unread, so the
 * connection is closed after the answer rather than drained.
 */
function refuseInput(res: Response, refusal: InputRefusal): void {
  if (refusal.status === 413) res.set('Connection', 'close');
  const code = refusal.limit === 'json' ? ErrorCode.ParseError : ErrorCode.InvalidRequest;
  sendJsonRpcError(res, refusal.status, code, refusal.limit === 'json' ? `Parse error: ${refusal.message}` : `Invalid request: ${refusal.message}`);
}
