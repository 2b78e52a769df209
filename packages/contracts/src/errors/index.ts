export * from './error-codes.ts';
export * from './facilflow-error.ts';
export * from './http-status.ts';
