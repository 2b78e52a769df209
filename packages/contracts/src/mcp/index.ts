export * from './mcp-client-config.ts';
export * from './tool-selection.ts';
