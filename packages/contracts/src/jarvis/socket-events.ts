import { z } from 'zod';
import { conversationIdSchema } from './conversation.ts';
import { jarvisSendInput } from './operations.ts';
import { jarvisStreamEventSchema } from './stream-events.ts';

/** The Socket.IO namespace that carries Jarvis turns (beside the SSE route). */
export const JARVIS_NAMESPACE = '/jarvis';

/** The `error` event's code when a turn was stopped by `jarvis:cancel` (or its last socket left). */
export const JARVIS_TURN_CANCELLED = 'CANCELLED';

/** `jarvis:send`: a message in one of the sender's conversations, or in a new one when `conversationId` is left out. */
export const jarvisSocketSendInput = z.strictObject({
  conversationId: conversationIdSchema.optional(),
  message: jarvisSendInput.shape.text,
  page: jarvisSendInput.shape.page,
});
export type JarvisSocketSendInput = z.infer<typeof jarvisSocketSendInput>;

/** `jarvis:cancel` and `jarvis:watch` name one of the sender's conversations. */
export const jarvisSocketConversationInput = z.strictObject({ conversationId: conversationIdSchema });
export type JarvisSocketConversationInput = z.infer<typeof jarvisSocketConversationInput>;

/** What each `jarvis:*` emit is acknowledged with: accepted (with the conversation), or refused before anything ran. */
export const jarvisSocketAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), conversationId: conversationIdSchema }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type JarvisSocketAck = z.infer<typeof jarvisSocketAckSchema>;

/** `jarvis:event`: one event of a turn (the SSE route's events), with the conversation it belongs to. */
export const jarvisSocketEventSchema = z.object({
  conversationId: conversationIdSchema,
  event: jarvisStreamEventSchema,
});
export type JarvisSocketEvent = z.infer<typeof jarvisSocketEventSchema>;
