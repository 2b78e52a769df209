import { renameConversationInput, renameConversationOutput } from '@facilflow/contracts';
import { renameConversation } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const conversationsRename = defineOperation({
  name: 'conversations.rename',
  title: 'Rename a Jarvis conversation',
  description: 'Gives one of your conversations with Jarvis a new title.',
  scope: 'tenant',
  permission: ['update', 'Conversation'],
  effect: 'write',
  input: renameConversationInput,
  output: renameConversationOutput,
  handler: async (ctx, input) => ({ conversation: await renameConversation(ctx.services, ctx.scope, input) }),
});
