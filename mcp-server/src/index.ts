export { createMcpHttpRouter } from './http/mcp-http-router.ts';
export { serveHttp, type RunningHttpServer } from './http/serve-http.ts';
export { serveInProcess } from './stdio/serve-in-process.ts';
export { serveRelay } from './stdio/serve-relay.ts';
export { StartupError } from './startup-error.ts';
export type { RunningServer } from './running-server.ts';
export { protectedResourceMetadataRouter } from './http/protected-resource-metadata.ts';
