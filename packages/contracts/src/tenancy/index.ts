export * from './tenant.ts';
export * from './api-key.ts';
