export * from './register-operation-tools.ts';
export * from './toolsets.ts';
export * from './untrusted-result.ts';
export * from './register-resources.ts';
export * from './register-prompts.ts';
export * from './result-pages.ts';
export * from './progress-notifier.ts';
