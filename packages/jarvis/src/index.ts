export * from './config.ts';
export * from './jarvis.ts';
export * from './tool-definition-size.ts';
export { FIND_TOOLS, DAILY_OPERATIONS } from './model-tools.ts';
