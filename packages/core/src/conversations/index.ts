export * from './create-conversation.ts';
export * from './list-conversations.ts';
export * from './get-conversation.ts';
export * from './rename-conversation.ts';
export * from './delete-conversation.ts';
export * from './append-messages.ts';
