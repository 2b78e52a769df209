export * from './register-operation-tools.ts';
export * from './toolsets.ts';
export * from './untrusted-result.ts';
