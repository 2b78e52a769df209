import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface HttpDrain {
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets the requests being answered finish (each response then
   * closes its connection) for at most `graceMs`, then closes every connection left: a
   * long-lived stream (an MCP event stream) must not hold the stop for ever.
   */
  drain(graceMs: number): Promise<void>;
}

/** Tracks the server's requests from now on; upgraded sockets (WebSockets) are their owners' to close. */
export function trackHttpRequests(server: Server): HttpDrain {
  const answering = new Set<ServerResponse>();
  let draining = false;
  let settled: (() => void) | undefined;

  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    answering.add(res);
    // A request that came on a kept-alive connection during the drain is answered, and that connection ends with it.
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      answering.delete(res);
      if (answering.size === 0) settled?.();
    });
  });

  return {
    inFlight: () => answering.size,
    async drain(graceMs) {
      draining = true;
      server.close();
      for (const res of answering) res.shouldKeepAlive = false;
      server.closeIdleConnections();
      if (answering.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          settled = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      server.closeAllConnections();
    },
  };
}
