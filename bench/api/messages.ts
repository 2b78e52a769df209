// What the bench and its server process (server.ts) tell each other over IPC.
import type { Measured, MeasureShape } from './measure.ts';

export interface StartApiServer {
  type: 'start';
  /** The server's store, and the directory its copy for the stdio MCP server goes to (both the bench's, removed by it). */
  dataDir: string;
  stdioDir: string;
  /** With --postgres: a scratch PostgreSQL database for the platform records (shared by the server and the stdio MCP server); otherwise PGlite in each data dir. */
  databaseUrl: string | null;
}

export interface ToolDefinitionBytes {
  tools: number;
  bytes: number;
  approxTokens: number;
}

export interface ApiServerReady {
  type: 'ready';
  /** The app server (`runServer`, roles web and mcp): /api/trpc, /api/v1, /mcp. */
  url: string;
  /** The bare node:http handler in the same process. */
  bareUrl: string;
  /** An admin API key of the bench tenant, valid in both stores. */
  apiKey: string;
  /** What a facilflow-mcp process needs to open the stdio store (a copy of the server's data, in a directory of its own). */
  stdioEnv: Record<string, string>;
  /** The operation's output as the registry returns it, JSON: every front must answer the same values. */
  directJson: string;
  /** Jarvis's tool definitions for this caller: per turn (find_tools and the daily tools) and every tool it may use. */
  jarvis: { perTurn: ToolDefinitionBytes; allTools: ToolDefinitionBytes };
}

/** Runs the direct registry call in the server process, timed there. */
export interface MeasureDirect {
  type: 'measure-direct';
  shape: MeasureShape;
  /** Whether each call first resolves the API key, as every HTTP request and every stdio call does. */
  authenticate: boolean;
}

export interface DirectMeasured {
  type: 'direct-measured';
  measured: Measured;
}
