import {
  actorId,
  FacilFlowError,
  isFacilFlowError,
  JARVIS_TURN_CANCELLED,
  jarvisSendInput,
  type JarvisSendInput,
  type JarvisStreamEvent,
  type Principal,
} from '@facilflow/contracts';
import { NOT_CONFIGURED_MESSAGE, type Jarvis } from '@facilflow/jarvis';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';

/** How a turn ended: `done` was emitted, it was cancelled, or it failed after it started. */
/** `reported`: Jarvis already put its own error event on the stream (an exhausted budget), so no front sends it again. */
export type TurnEnd = { outcome: 'done' } | { outcome: 'cancelled' } | { outcome: 'failed'; error: FacilFlowError; reported: boolean };

/** A turn that passed every check and holds its conversation: `run` it at once, it releases the conversation when it ends. */
export interface PreparedTurn {
  conversationId: string;
  run(emit: (event: JarvisStreamEvent) => void): Promise<TurnEnd>;
}

export interface JarvisTurns {
  readonly configured: boolean;
  /**
   * The checks before a turn streams anything, as the person: Jarvis configured (UNAVAILABLE),
   * the message valid (INVALID), the conversation theirs (NOT_FOUND; none given: a new one is
   * created), no turn already running in it (CONFLICT). `signal` aborts the turn from outside.
   */
  prepare(principal: Principal, request: { conversationId?: string; input: unknown }, signal?: AbortSignal): Promise<PreparedTurn>;
  /** Aborts the turn running in the person's own conversation; false when none is. */
  cancel(principal: Principal, conversationId: string): boolean;
}

interface RunningTurn {
  ownerId: string;
  controller: AbortController;
}

const turnKey = (principal: Principal, conversationId: string) => `${principal.tenantId ?? ''}/${conversationId}`;

/** The error event a front sends for a turn that did not end in `done`. */
export function turnEndEvent(end: TurnEnd): JarvisStreamEvent | null {
  if (end.outcome === 'cancelled') return { type: 'error', code: JARVIS_TURN_CANCELLED, message: 'The turn was cancelled' };
  if (end.outcome === 'failed') return end.reported ? null : { type: 'error', code: end.error.code, message: end.error.message };
  return null;
}

/**
 * Jarvis turns as every front runs them (the SSE route and the `/jarvis` namespace): the same
 * refusals before anything streams, one running turn per conversation (in this process; a
 * second message waits for `done` or cancels), and the same mapping of failures.
 */
export function createJarvisTurns(runtime: Runtime, jarvis: Jarvis): JarvisTurns {
  const running = new Map<string, RunningTurn>();

  async function conversationFor(principal: Principal, conversationId: string | undefined): Promise<string> {
    // Through the registry as the person: a conversation that is not theirs (another person's, another tenant's) is NOT_FOUND.
    if (conversationId !== undefined) {
      await runtime.invoke(principal, 'jarvis', 'conversations.get', { id: conversationId, messageLimit: 1 });
      return conversationId;
    }
    const created = (await runtime.invoke(principal, 'jarvis', 'conversations.create', {})) as { conversation: { id: string } };
    return created.conversation.id;
  }

  return {
    configured: jarvis.configured,
    async prepare(principal, request, signal) {
      if (!jarvis.configured) throw new FacilFlowError('UNAVAILABLE', NOT_CONFIGURED_MESSAGE);
      const parsed = jarvisSendInput.safeParse(request.input);
      if (!parsed.success) throw new FacilFlowError('INVALID', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
      const input: JarvisSendInput = parsed.data;
      const conversationId = await conversationFor(principal, request.conversationId);
      const key = turnKey(principal, conversationId);
      if (running.has(key)) throw new FacilFlowError('CONFLICT', 'A turn is already running in this conversation: wait for its done event, or cancel it');
      const controller = new AbortController();
      running.set(key, { ownerId: actorId(principal.actor), controller });
      const abort = () => controller.abort();
      // The caller may have gone while the checks ran (an SSE client that closed): the turn then starts cancelled.
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
      return {
        conversationId,
        async run(emit) {
          let reported = false;
          const emitTracked = (event: JarvisStreamEvent) => {
            if (event.type === 'error') reported = true;
            emit(event);
          };
          try {
            await jarvis.send(principal, conversationId, input, emitTracked, controller.signal);
            return { outcome: 'done' };
          } catch (e) {
            if (controller.signal.aborted) return { outcome: 'cancelled' };
            if (isFacilFlowError(e)) return { outcome: 'failed', error: e, reported };
            console.error(`[jarvis] a turn in ${conversationId} failed: ${formatErrorForLog(e)}`);
            return { outcome: 'failed', error: new FacilFlowError('INTERNAL', 'Jarvis failed to answer'), reported };
          } finally {
            signal?.removeEventListener('abort', abort);
            running.delete(key);
          }
        },
      };
    },
    cancel(principal, conversationId) {
      const turn = running.get(turnKey(principal, conversationId));
      // Only the conversation's owner: in the same tenant, the key alone would let a colleague stop it.
      if (!turn || turn.ownerId !== actorId(principal.actor)) return false;
      turn.controller.abort();
      return true;
    },
  };
}
