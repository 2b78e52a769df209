export * from './create-trpc-router.ts';
export * from './error-codes.ts';
