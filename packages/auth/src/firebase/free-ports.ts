import { createServer, type Server } from 'node:net';

/**
 * Ports the OS reports free right now. All listeners stay open until every port is
 * known so the same port is never handed out twice; another process may still take
 * one before it is used, which is acceptable for local emulators.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnAnyPort(server, host));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

function listenOnAnyPort(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`Could not read the port of a listener on ${host}`));
        return;
      }
      resolve(address.port);
    });
  });
}
