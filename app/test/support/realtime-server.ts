import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostAllowList } from '@facilflow/contracts';
import { createJarvis, loadJarvisConfig } from '@facilflow/jarvis';
import type { Runtime } from '@facilflow/operations';
import { io, type Socket } from 'socket.io-client';
import { attachRealtime } from '../../server/realtime/attach-realtime.ts';
import { createJarvisTurns } from '../../server/jarvis-turns.ts';

export interface RealtimeServer {
  url: string;
  /** Connects to a namespace with a credential; resolves on `connect`, rejects with the `connect_error`. */
  connect(namespace: string, token: string): Promise<Socket>;
  /** Closes every socket it opened, the Socket.IO layer and the HTTP server. */
  close(): Promise<void>;
}

/** The Socket.IO layer on a bare HTTP server: what the web role attaches, without the web app around it. */
export async function startRealtimeServer(runtime: Runtime, options: { clusterMetricsEveryMs?: number } = {}): Promise<RealtimeServer> {
  const httpServer = createHttpServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  // Jarvis unconfigured (no key in the test environment): these suites do not use `/jarvis`.
  const jarvisTurns = createJarvisTurns(runtime, createJarvis({ runtime, config: loadJarvisConfig({}) }));
  const realtime = await attachRealtime(httpServer, runtime, createHostAllowList({ publicUrl: url }), { ...options, jarvisTurns });
  const sockets: Socket[] = [];
  return {
    url,
    connect(namespace, token) {
      const socket = io(`${url}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (e) => reject(e));
      });
    },
    async close() {
      for (const socket of sockets) socket.close();
      await realtime.close();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}
