export * from './app-router.ts';
export * from './create-trpc-router.ts';
export * from './error-codes.ts';
export * from './procedure-kind.ts';
export * from './trpc-root.ts';
