export * from './mcp-client-config.ts';
