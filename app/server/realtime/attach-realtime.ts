import type { Server as HttpServer } from 'node:http';
import { BODY_LIMITS, createHostAllowList, type HostAllowList } from '@facilflow/contracts';
import { channelTenant, type Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { Server, type Namespace } from 'socket.io';
import { requestHostRefusal } from '../host-allow-list.ts';
import { admission, refuseEveryone } from './admission.ts';
import { LIVE_NAMESPACES, type LiveOptions } from './live-namespaces.ts';
import type { LiveEvent } from './pipeline-run-events.ts';

const room = (tenantId: string) => `tenant:${tenantId}`;

/**
 * Socket.IO over the same HTTP server. A socket joins its tenant's room only after its
 * credential (Firebase ID token or API key, in `auth.token`) is verified and its role may
 * read what the namespace carries; events reach only that room. With several nodes the
 * bus is Redis, so each node relays to its own sockets and no Socket.IO adapter is needed.
 */
export async function attachRealtime(
  httpServer: HttpServer,
  runtime: Runtime,
  allowList: HostAllowList = createHostAllowList({ publicUrl: runtime.services.publicUrl }),
  options: LiveOptions,
): Promise<{ close(): Promise<void> }> {
  // destroyUpgrade off: other WebSocket upgrades on this server (Vite's HMR in development) are not ours to close.
  const io = new Server(httpServer, {
    serveClient: false,
    cors: { origin: false },
    destroyUpgrade: false,
    maxHttpBufferSize: BODY_LIMITS.socketIoMessageBytes,
    // Polling and WebSocket handshakes bypass Express, so the Host/Origin allow-list is applied here too.
    allowRequest: (req, callback) => {
      const refusal = requestHostRefusal(allowList, req);
      callback(refusal ? refusal.message : null, refusal === null);
    },
  });
  io.of('/').use(refuseEveryone(LIVE_NAMESPACES.map((live) => live.path)));
  const unsubscribes: Array<() => Promise<void>> = [];
  for (const live of LIVE_NAMESPACES) {
    const nsp = io.of(live.path);
    nsp.use(admission(runtime, live));
    nsp.on('connection', (socket) => {
      const principal = socket.data.principal as Principal;
      void socket.join(room(principal.tenantId as string));
    });
    for (const [event, channel] of Object.entries(live.channels)) {
      unsubscribes.push(await relay(runtime, nsp, channel('*'), live.eventsOf ?? ((message) => [{ event, payload: message }])));
    }
    if (live.attach) unsubscribes.push(await live.attach(runtime, nsp, options));
  }
  return {
    async close() {
      for (const unsubscribe of unsubscribes) await unsubscribe();
      await io.close();
    },
  };
}

async function relay(runtime: Runtime, nsp: Namespace, pattern: string, eventsOf: (message: unknown, tenantId: string) => LiveEvent[]): Promise<() => Promise<void>> {
  return runtime.services.bus.subscribe(pattern, (message, channel) => {
    const tenantId = channelTenant(channel);
    if (!tenantId) return;
    for (const { event, payload } of eventsOf(message, tenantId)) nsp.to(room(tenantId)).emit(event, payload);
  });
}
