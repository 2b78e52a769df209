import { z } from 'zod';
import { receiptSchema } from './receipt.ts';

export const conversationIdSchema = z.string().regex(/^conv_[A-Za-z0-9_-]{8,64}$/, 'A conversation id reads conv_…');

export const conversationSchema = z.object({
  id: conversationIdSchema,
  title: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** A tool call Jarvis made in a turn, kept with a bounded copy of its result. */
export const conversationToolCallSchema = z.object({
  id: z.string(),
  tool: z.string(),
  input: z.unknown(),
  isError: z.boolean(),
  /** The result as the model saw it, already trimmed to the result budget. */
  result: z.string(),
});
export type ConversationToolCall = z.infer<typeof conversationToolCallSchema>;

export const conversationMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  toolCalls: z.array(conversationToolCallSchema),
  receipt: receiptSchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;
