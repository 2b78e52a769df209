import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

export const BIN = fileURLToPath(new URL('../../bin/facilflow-mcp.mjs', import.meta.url));

// Started from a neutral directory with a bare environment, the way Claude Desktop starts it.
const base = { cwd: tmpdir() };
const environment = (env: Record<string, string>): Record<string, string> => ({ ...getDefaultEnvironment(), ...env });

export interface StdioSession {
  client: Client;
  /** What the server wrote to stderr so far: its logs, shown when something fails. */
  stderr(): string;
}

/** The bin over stdio, with these arguments (e.g. `--toolsets all`). */
export async function connectStdio(env: Record<string, string>, args: string[] = []): Promise<StdioSession> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], env: environment(env), stderr: 'pipe', ...base });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'facilflow-stdio-test', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`The stdio server did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return { client, stderr: () => stderr };
}

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin to its exit. Its stdin is closed at once, so a server that does start also ends. */
export async function runBin(args: string[], env: Record<string, string>): Promise<BinRun> {
  const child = spawnBin(args, env);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export function spawnBin(args: string[], env: Record<string, string>): ChildProcess {
  // Cast: @remix-run/node's globals (pulled in by the app) declare NODE_ENV required on ProcessEnv.
  return spawn(process.execPath, [BIN, ...args], { env: environment(env) as NodeJS.ProcessEnv, stdio: 'pipe', ...base });
}
