import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { telemetryQueryOutput } from '@facilflow/contracts';
import { freePort } from '@facilflow/testkit';
import type { z } from 'zod';

/** `npm start` running in a checkout, on free ports, until it is stopped. */
export interface FirstCommand {
  baseUrl: string;
  /** The demo tenant's admin key that the command leaves in its data dir. */
  apiKey: string;
  /** Everything it printed so far, stdout and stderr, for assertions and failure messages. */
  output(): string;
  /** GET of a tRPC query as the demo admin; throws with the server's message on an error. */
  trpc(operation: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
  /** Sends `signal` and resolves with how the process ended. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface FirstCommandOptions {
  /** The checkout whose scripts/start.mjs runs (what `npm start` runs there). */
  cwd: string;
  /** Where the command keeps its data; FACILFLOW_DATA_DIR, or the default `.facilflow` of the checkout when absent. */
  dataDir?: string;
  /** Variables to leave out of this process's environment, e.g. overrides that would hide what is under test. */
  unset?: readonly string[];
  /** Fixed ports, e.g. the same for a second start on the same data dir; free ones when absent. */
  ports?: { http: number; mqtt: number; opcua: number };
  /** Variables set on top of the rest. */
  env?: Record<string, string | undefined>;
}

/** Resolves once `predicate` holds for what the process printed; rejects if it exits first. */
function printed(child: ChildProcess, output: () => string, predicate: (text: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate(output())) {
        child.stdout?.off('data', check);
        child.off('exit', exited);
        resolve();
      }
    };
    const exited = (code: number | null) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output()}`));
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/**
 * Starts the first command the way `npm start` does (`node scripts/start.mjs`; without npm in
 * between, so that Ctrl-C reaches the server itself) and waits for its ready line.
 */
export async function startFirstCommand(options: FirstCommandOptions): Promise<FirstCommand> {
  const { http, mqtt, opcua } = options.ports ?? { http: await freePort(), mqtt: await freePort(), opcua: await freePort() };
  const baseUrl = `http://127.0.0.1:${http}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    FACILFLOW_HTTP_PORT: String(http),
    FACILFLOW_MQTT_PORT: String(mqtt),
    FACILFLOW_DEMO_OPCUA_PORT: String(opcua),
    // The run's Auth emulator stands in for the one npm start would boot (the same code path as an external emulator).
    FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST,
    FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID,
  };
  if (options.dataDir) env.FACILFLOW_DATA_DIR = options.dataDir;
  for (const name of options.unset ?? []) delete env[name];
  Object.assign(env, options.env);

  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const output = () => text;
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };
  try {
    await printed(child, output, (t) => t.includes('Press Ctrl-C to stop.'));
  } catch (error) {
    await stop();
    throw error;
  }
  const apiKey = (await readFile(join(options.dataDir ?? join(options.cwd, '.facilflow'), 'demo-api-key'), 'utf8')).trim();

  return {
    baseUrl,
    apiKey,
    output,
    stop,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return ended;
    },
    async trpc(operation, input) {
      const url = `${baseUrl}/api/trpc/${operation}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
      const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
      if (!body.result) throw new Error(`${operation}: ${body.error?.message ?? response.status}`);
      return body.result.data;
    },
  };
}

/** Polls `probe` until it gives a value (null or a throw: not yet), for up to a minute. */
export async function eventually<T>(probe: () => Promise<T | null>, what: string, context: () => string): Promise<T> {
  let last: unknown = null;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const found = await probe();
      if (found !== null) return found;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`still no ${what} after a minute (${String(last)})\n${context()}`);
}

/** The README's query: Oven2's zone-1 temperature averaged per minute, once the plant has streamed some. */
export const OVEN2_ZONE1_BY_MINUTE =
  "SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg(ZoneTemperature1) AS zone1, count(ZoneTemperature1) AS n FROM oven WHERE machine = 'Oven2' GROUP BY minute ORDER BY minute";

export async function oven2Zone1ByMinute(command: FirstCommand): Promise<z.infer<typeof telemetryQueryOutput>> {
  return eventually(
    async () => {
      const out = telemetryQueryOutput.parse(await command.trpc('telemetry.query', { sql: OVEN2_ZONE1_BY_MINUTE }));
      return out.rows.length > 0 ? out : null;
    },
    'Oven2 rows',
    command.output,
  );
}
