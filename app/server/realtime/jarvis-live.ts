import {
  actorId,
  FacilFlowError,
  isFacilFlowError,
  jarvisSocketConversationInput,
  jarvisSocketSendInput,
  type JarvisSocketAck,
  type JarvisSocketEvent,
  type Principal,
} from '@facilflow/contracts';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import type { z } from 'zod';
import type { Namespace, Socket } from 'socket.io';
import { turnEndEvent, type JarvisTurns } from '../jarvis-turns.ts';
import { handshakeCredential } from './admission.ts';

type Ack = (answer: JarvisSocketAck) => void;

/**
 * The room of one person's conversation: a second tab of theirs joins it (`jarvis:watch`) and
 * sees the turn too. Tenant and actor are the verified principal's, so no one else's socket
 * can be in it, whatever conversation id they name.
 */
const conversationRoom = (principal: Principal, conversationId: string) => `jarvis:${principal.tenantId ?? ''}:${actorId(principal.actor)}:${conversationId}`;

function refusal(error: unknown, what: string): JarvisSocketAck {
  if (isFacilFlowError(error)) return { ok: false, code: error.code, message: error.message };
  console.error(`[realtime] /jarvis ${what} failed: ${formatErrorForLog(error)}`);
  return { ok: false, code: 'INTERNAL', message: `${what} failed` };
}

function parsed<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new FacilFlowError('INVALID', result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
}

/** A client that emits without a callback gets no answer, but its turn runs the same. */
const ackOf = (ack: unknown): Ack => (typeof ack === 'function' ? (ack as Ack) : () => undefined);

/**
 * `/jarvis`: a turn per `jarvis:send` { conversationId?, message, page? }, acknowledged once
 * its checks pass ({ ok, conversationId }) or refused ({ ok: false, code, message }), then
 * streamed as `jarvis:event` { conversationId, event } to the conversation's room: the sender
 * and the person's other sockets that watch it. `jarvis:cancel` { conversationId } aborts it;
 * so does the last socket in the room leaving. Admission (the credential, the right to read
 * conversations) is the namespace middleware's; each emit verifies the credential again, since a
 * turn acts with the person's rights: a key revoked or a token expired since the socket
 * connected is refused, as the next HTTP request would be.
 */
export async function attachJarvisLive(runtime: Runtime, nsp: Namespace, turns: JarvisTurns): Promise<() => Promise<void>> {
  const running = new Set<Promise<void>>();

  const watch = async (socket: Socket, principal: Principal, conversationId: string) => {
    // Through the registry: a conversation of another person or tenant is NOT_FOUND, and its room is never joined.
    await runtime.invoke(principal, 'jarvis', 'conversations.get', { id: conversationId, messageLimit: 1 });
    await socket.join(conversationRoom(principal, conversationId));
  };

  const send = async (socket: Socket, principal: Principal, raw: unknown, ack: Ack) => {
    const request = parsed(jarvisSocketSendInput, raw);
    const turn = await turns.prepare(principal, { conversationId: request.conversationId, input: { text: request.message, ...(request.page ? { page: request.page } : {}) } });
    const room = conversationRoom(principal, turn.conversationId);
    // Before the ack, with nothing awaited between the prepared turn and its run: the conversation is released however it ends.
    if (socket.connected) void socket.join(room);
    ack({ ok: true, conversationId: turn.conversationId });
    const emit = (event: JarvisSocketEvent['event']) => nsp.to(room).emit('jarvis:event', { conversationId: turn.conversationId, event } satisfies JarvisSocketEvent);
    const abandoned = () => {
      if (!nsp.adapter.rooms.get(room)?.size) turns.cancel(principal, turn.conversationId);
    };
    socket.on('disconnect', abandoned);
    // Gone while the checks ran: unless another of the person's sockets watches, nobody is left to stream to.
    if (socket.disconnected) abandoned();
    try {
      const last = turnEndEvent(await turn.run(emit));
      if (last) emit(last);
    } finally {
      socket.off('disconnect', abandoned);
    }
  };

  nsp.on('connection', (socket) => {
    const principal = () => runtime.authenticate(handshakeCredential(socket.handshake));
    socket.on('jarvis:send', (raw: unknown, ack: unknown) => {
      const reply = ackOf(ack);
      const done = principal()
        .then((person) => send(socket, person, raw, reply))
        .catch((error: unknown) => reply(refusal(error, 'jarvis:send')));
      running.add(done);
      void done.finally(() => running.delete(done));
    });
    socket.on('jarvis:watch', (raw: unknown, ack: unknown) => {
      const reply = ackOf(ack);
      Promise.resolve()
        .then(async () => {
          const { conversationId } = parsed(jarvisSocketConversationInput, raw);
          await watch(socket, await principal(), conversationId);
          reply({ ok: true, conversationId });
        })
        .catch((error: unknown) => reply(refusal(error, 'jarvis:watch')));
    });
    socket.on('jarvis:cancel', (raw: unknown, ack: unknown) => {
      const reply = ackOf(ack);
      Promise.resolve()
        .then(async () => {
          const { conversationId } = parsed(jarvisSocketConversationInput, raw);
          if (!turns.cancel(await principal(), conversationId)) throw new FacilFlowError('NOT_FOUND', 'No turn of yours is running in this conversation');
          reply({ ok: true, conversationId });
        })
        .catch((error: unknown) => reply(refusal(error, 'jarvis:cancel')));
    });
  });

  return async () => {
    // Closing stops the turns still running, and waits for them to save what they have.
    for (const socket of nsp.sockets.values()) socket.disconnect(true);
    await Promise.all(running);
  };
}
