import { Agent, request } from 'node:http';

/**
 * GETs of one URL over kept-alive connections (one per call in flight), the same client for
 * every plain HTTP front (tRPC, REST, bare node:http), so their difference is the server's.
 */
export function httpGetter(url: string, headers: Record<string, string>, sockets: number): { get(): Promise<string>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const get = () =>
    new Promise<string>((resolve, reject) => {
      const req = request(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(body);
          else reject(new Error(`GET ${url} answered ${res.statusCode}: ${body.slice(0, 300)}`));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}
