export * from './policy.ts';
export * from './violation.ts';
export * from './operations.ts';
