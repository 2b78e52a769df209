export * from './abilities/index.ts';
export * from './api-keys/index.ts';
