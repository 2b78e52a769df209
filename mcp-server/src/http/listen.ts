import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface ListeningServer {
  /** e.g. http://127.0.0.1:3001, with the port actually bound (port 0 asks the OS for a free one). */
  origin: string;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host: string): Promise<ListeningServer> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        origin: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // A client's kept-alive connections would otherwise hold the close open.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
