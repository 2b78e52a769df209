import { getConversationInput, getConversationOutput } from '@facilflow/contracts';
import { getConversation } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const conversationsGet = defineOperation({
  name: 'conversations.get',
  title: 'Get a Jarvis conversation',
  description: 'One of your conversations with Jarvis with its most recent messages, oldest first: each with its text, the tool calls made for it (results trimmed) and the receipt of what an answer rests on.',
  scope: 'tenant',
  permission: ['read', 'Conversation'],
  effect: 'read',
  input: getConversationInput,
  output: getConversationOutput,
  handler: (ctx, input) => getConversation(ctx.services, ctx.scope, input),
});
