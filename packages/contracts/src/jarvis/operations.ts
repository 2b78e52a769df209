import { z } from 'zod';
import { pageContextSchema } from './page-context.ts';
import { conversationIdSchema, conversationMessageSchema, conversationSchema } from './conversation.ts';

const titleSchema = z.string().trim().min(1).max(200);

export const createConversationInput = z.object({ title: titleSchema.optional().describe('Default "New conversation"') });
export const createConversationOutput = z.object({ conversation: conversationSchema });

export const listConversationsInput = z.object({
  limit: z.number().int().min(1).max(100).default(50),
});
export const listConversationsOutput = z.object({ conversations: z.array(conversationSchema) });

export const getConversationInput = z.object({
  id: conversationIdSchema,
  messageLimit: z.number().int().min(1).max(500).default(100).describe('The most recent messages, oldest first'),
});
export const getConversationOutput = z.object({
  conversation: conversationSchema,
  messages: z.array(conversationMessageSchema),
});

export const renameConversationInput = z.object({ id: conversationIdSchema, title: titleSchema });
export const renameConversationOutput = z.object({ conversation: conversationSchema });

export const deleteConversationInput = z.object({ id: conversationIdSchema });
export const deleteConversationOutput = z.object({ deleted: z.literal(true), messages: z.number().int().nonnegative() });

/** A person's message to Jarvis, with the page they are on. */
export const jarvisSendInput = z.object({
  text: z.string().trim().min(1).max(8_000),
  page: pageContextSchema.optional(),
});
export type JarvisSendInput = z.infer<typeof jarvisSendInput>;
