export * from './approval.ts';
export * from './operations.ts';
export * from './approval-gate.ts';
