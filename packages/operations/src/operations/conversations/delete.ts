import { deleteConversationInput, deleteConversationOutput } from '@facilflow/contracts';
import { deleteConversation, planDeleteConversation } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const conversationsDelete = defineOperation({
  name: 'conversations.delete',
  title: 'Delete a Jarvis conversation',
  description:
    'Deletes one of your conversations with Jarvis for good, with its messages and tool calls. Destructive: the first call ' +
    'returns a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'Conversation'],
  effect: 'destructive',
  input: deleteConversationInput,
  output: deleteConversationOutput,
  plan: (ctx, input) => planDeleteConversation(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deleteConversation(ctx.services, ctx.scope, input),
});
