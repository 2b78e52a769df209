export * from './create-trpc-router.ts';
export * from './error-codes.ts';
export * from './procedure-kind.ts';
