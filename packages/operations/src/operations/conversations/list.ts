import { listConversationsInput, listConversationsOutput } from '@facilflow/contracts';
import { listConversations } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const conversationsList = defineOperation({
  name: 'conversations.list',
  title: 'List Jarvis conversations',
  description: 'Lists your own conversations with Jarvis in this tenant, most recently active first: id, title and when it was created and last active.',
  scope: 'tenant',
  permission: ['read', 'Conversation'],
  effect: 'read',
  input: listConversationsInput,
  output: listConversationsOutput,
  handler: async (ctx, input) => ({ conversations: await listConversations(ctx.services, ctx.scope, input) }),
});
