import type { Server as HttpServer } from 'node:http';
import { allows, defineAbilityFor } from '@facilflow/auth/abilities';
import { BODY_LIMITS, createHostAllowList, isFacilFlowError, type HostAllowList } from '@facilflow/contracts';
import { channelTenant, type Principal } from '@facilflow/core';
import type { Runtime } from '@facilflow/operations';
import { Server, type Namespace, type Socket } from 'socket.io';
import { requestHostRefusal } from '../host-allow-list.ts';
import { LIVE_NAMESPACES, type LiveNamespace } from './live-namespaces.ts';

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
  const unsubscribes: Array<() => Promise<void>> = [];
  for (const live of LIVE_NAMESPACES) {
    const nsp = io.of(live.path);
    nsp.use((socket, next) => {
      admit(runtime, live, socket).then(
        () => next(),
        (e: unknown) => next(new Error(isFacilFlowError(e) ? `${e.code}: ${e.message}` : 'INTERNAL: could not verify the credential')),
      );
    });
    nsp.on('connection', (socket) => {
      const principal = socket.data.principal as Principal;
      void socket.join(room(principal.tenantId as string));
    });
    for (const [event, channel] of Object.entries(live.channels)) {
      unsubscribes.push(await relay(runtime, nsp, event, channel('*')));
    }
  }
  return {
    async close() {
      for (const unsubscribe of unsubscribes) await unsubscribe();
      await io.close();
    },
  };
}

async function admit(runtime: Runtime, live: LiveNamespace, socket: Socket): Promise<void> {
  const token: unknown = socket.handshake.auth.token;
  const principal = await runtime.authenticate(typeof token === 'string' ? token : undefined);
  if (!principal.tenantId || !principal.role || !allows(defineAbilityFor(principal.role), live.permission)) {
    throw Object.assign(new Error(`Not allowed to ${live.permission[0]} ${live.permission[1]}`), { code: 'FORBIDDEN' });
  }
  socket.data.principal = principal;
}

async function relay(runtime: Runtime, nsp: Namespace, event: string, pattern: string): Promise<() => Promise<void>> {
  return runtime.services.bus.subscribe(pattern, (message, channel) => {
    const tenantId = channelTenant(channel);
    if (tenantId) nsp.to(room(tenantId)).emit(event, message);
  });
}
