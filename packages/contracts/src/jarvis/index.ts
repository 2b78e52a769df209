export * from './receipt.ts';
export * from './page-context.ts';
export * from './conversation.ts';
export * from './operations.ts';
export * from './stream-events.ts';
export * from './usage.ts';
export * from './model-prices.ts';
export * from './socket-events.ts';
