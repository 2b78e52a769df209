import { isFacilFlowError } from '@facilflow/contracts';
import { bearerFromHeader, type Principal } from '@facilflow/core';
import type { Runtime } from '@facilflow/operations';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { createFacilFlowMcpServer } from '../create-facilflow-mcp-server.ts';
import { bearerChallenge } from './bearer-challenge.ts';
import { ErrorCode, SERVER_ERROR, sendJsonRpcError } from './json-rpc-error.ts';

/**
 * MCP Streamable HTTP at the router's root, stateless: every POST authenticates its own
 * bearer credential and gets a fresh server listing that caller's tools, so a revoked key
 * or a changed role takes effect on the next request and nothing is kept between requests.
 */
export function createMcpHttpRouter(runtime: Runtime): Router {
  const router = express.Router();
  const parseJson = express.json({ limit: '1mb' });

  router.post('/', async (req, res, next) => {
    let principal: Principal;
    try {
      principal = await runtime.authenticate(bearerFromHeader(req.headers.authorization));
    } catch (error) {
      refuse(res, error);
      return;
    }
    // Parsed only once the caller is known, so an anonymous one cannot make us read a megabyte.
    parseJson(req, res, (error?: unknown) => (error ? next(error) : void serve(runtime, principal, req, res)));
  });
  // Stateless: there is no session to stream to (GET) or to end (DELETE).
  router.all('/', (_req, res) => {
    res.set('Allow', 'POST');
    sendJsonRpcError(res, 405, SERVER_ERROR, 'Method not allowed: this MCP endpoint is stateless and takes POST only');
  });
  router.use(bodyRefusal);
  return router;
}

async function serve(runtime: Runtime, principal: Principal, req: Request, res: Response): Promise<void> {
  const server = createFacilFlowMcpServer(runtime, principal);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    // Closing the server closes the transport it is connected to.
    server.close().catch((error: unknown) => console.error('[mcp] closing a request server failed:', error));
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('[mcp] request failed:', error);
    if (!res.headersSent) sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
  }
}

function refuse(res: Response, error: unknown): void {
  if (isFacilFlowError(error) && error.code === 'UNAUTHENTICATED') {
    res.set('WWW-Authenticate', bearerChallenge(error.message));
    sendJsonRpcError(res, 401, SERVER_ERROR, `Unauthorized: ${error.message}`);
  } else if (isFacilFlowError(error) && error.code === 'UNAVAILABLE') {
    sendJsonRpcError(res, 503, SERVER_ERROR, `Service unavailable: ${error.message}`);
  } else {
    console.error('[mcp] authentication failed:', error);
    sendJsonRpcError(res, 500, ErrorCode.InternalError, 'Internal error');
  }
}

/** The JSON parser's refusals (malformed, too large, bad charset) answered in JSON-RPC rather than Express's HTML. */
const bodyRefusal: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
  if (status >= 500 || res.headersSent) {
    next(error);
    return;
  }
  if (status === 400) sendJsonRpcError(res, 400, ErrorCode.ParseError, 'Parse error: the body is not valid JSON');
  else sendJsonRpcError(res, status, ErrorCode.InvalidRequest, `Invalid request: ${error instanceof Error ? error.message : 'unreadable body'}`);
};
