export * from './approval.ts';
export * from './operations.ts';
