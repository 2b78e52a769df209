export * from './define-operation.ts';
export * from './registry.ts';
export * from './runtime/create-runtime.ts';
export * from './runtime/confirmations.ts';
export * from './runtime/front-input.ts';
export * from './runtime/authorize.ts';
export { operations } from './operations/index.ts';
export * from './create-operations-runtime.ts';
export * from './runtime/tool-catalog.ts';
