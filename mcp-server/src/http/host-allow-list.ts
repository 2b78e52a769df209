import { hostAllowListRefusal, type HostAllowList } from '@facilflow/contracts';
import type { RequestHandler } from 'express';
import { SERVER_ERROR, sendJsonRpcError } from './json-rpc-error.ts';

/**
 * The standalone MCP server's Host/Origin allow-list (the same rule as the app server's),
 * answered in JSON-RPC like every other refusal here. The MCP transport spec requires the
 * Origin check against DNS rebinding even though a rebound page has no bearer: without it
 * the page still reaches the endpoint and probes what it answers.
 */
export function mcpHostAllowList(list: HostAllowList): RequestHandler {
  return (req, res, next) => {
    const refusal = hostAllowListRefusal(list, { host: req.headers.host, origin: req.headers.origin, localPort: req.socket.localPort });
    if (refusal) sendJsonRpcError(res, refusal.status, SERVER_ERROR, refusal.message);
    else next();
  };
}
