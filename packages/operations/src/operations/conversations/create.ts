import { createConversationInput, createConversationOutput } from '@facilflow/contracts';
import { createConversation } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const conversationsCreate = defineOperation({
  name: 'conversations.create',
  title: 'Start a Jarvis conversation',
  description: 'Starts a new conversation with Jarvis, yours alone in this tenant. Returns its id; send messages to it over POST /api/jarvis/conversations/:id/messages.',
  scope: 'tenant',
  permission: ['create', 'Conversation'],
  effect: 'write',
  input: createConversationInput,
  output: createConversationOutput,
  handler: async (ctx, input) => ({ conversation: await createConversation(ctx.services, ctx.scope, input) }),
});
