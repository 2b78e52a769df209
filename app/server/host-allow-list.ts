import type { IncomingMessage } from 'node:http';
import type { Config } from '@facilflow/config';
import { createHostAllowList, hostAllowListRefusal, type HostAllowList, type HostRefusal } from '@facilflow/contracts';
import type { RequestHandler } from 'express';

/** The configured public URL's host, the loopback names on the listening port, and FACILFLOW_ALLOWED_HOSTS. */
export function hostAllowListFor(config: Config): HostAllowList {
  return createHostAllowList({ publicUrl: config.http.publicUrl, extraHosts: config.http.allowedHosts });
}

/** Why this request (HTTP or a WebSocket upgrade) is refused, or null to serve it. */
export function requestHostRefusal(list: HostAllowList, req: IncomingMessage): HostRefusal | null {
  return hostAllowListRefusal(list, { host: req.headers.host, origin: req.headers.origin, localPort: req.socket.localPort });
}

/** First on every route, so a rebound name or a foreign page gets nothing, not even a parsed body. */
export function hostAllowListMiddleware(list: HostAllowList): RequestHandler {
  return (req, res, next) => {
    const refusal = requestHostRefusal(list, req);
    if (!refusal) {
      next();
      return;
    }
    res.status(refusal.status).json({ code: refusal.status === 421 ? 'MISDIRECTED' : 'FORBIDDEN', message: refusal.message });
  };
}
