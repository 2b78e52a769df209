export * from './register-operation-tools.ts';
