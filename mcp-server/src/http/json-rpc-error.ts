import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Response } from 'express';

/** JSON-RPC leaves -32000 to -32099 to the implementation; the SDK answers HTTP-level refusals with -32000 too. */
export const SERVER_ERROR = -32000;
export { ErrorCode };

/** Refusals made before a JSON-RPC message is read carry no request id, so `id` is null. */
export function sendJsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
