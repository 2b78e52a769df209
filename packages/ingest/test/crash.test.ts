import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrollResponseSchema, type EnrollResponse } from '@facilflow/contracts';
import { createTestDatabase, freePort, type TestDatabase } from '@facilflow/testkit';
import { createDuckDbStore } from '@facilflow/timeseries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPayload } from './support/agents.ts';
import { resendUnacknowledged } from '@facilflow/testkit/agent-client';

/**
 * Exactly once across a crash: an ingest node in its own process is killed with SIGKILL
 * while an agent publishes at full speed, restarted on the same data and port, and the
 * agent sends again every batch it saw no PUBACK for. Every acknowledged point must then
 * be stored once: none lost (acknowledged means durable), none twice (a batch committed
 * but not acknowledged before the kill comes again and is dropped by its seq).
 */
const SERVER = fileURLToPath(new URL('./support/ingest-server.ts', import.meta.url));
const BATCHES = 400;
const POINTS = 50;
/** Publishes in flight at once, as the agent's window (32) and then some. */
const WINDOW = 64;
const T0 = Date.UTC(2025, 0, 1);

let root: string;
let port: number;
/** PostgreSQL runs (FF_TEST_DATABASE_URL): a scratch database the child processes use (each run its own tenant). */
let database: TestDatabase | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ff-ingest-crash-'));
  port = await freePort();
  if (process.env.FF_TEST_DATABASE_URL) database = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database?.drop();
  rmSync(root, { recursive: true, force: true });
});

interface Server {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(dataDir: string, mode: 'setup' | 'serve', crashAfterWrites = 0): Server {
  const child = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', SERVER, dataDir, String(port), mode], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, FF_CRASH_AFTER_WRITES: String(crashAfterWrites), ...(database?.url ? { DATABASE_URL: database.url } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, lines: readLines(child), exited };
}

async function* readLines(child: ChildProcess): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += String(chunk);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

/** The first line starting with `prefix`, or a failure naming how the process ended. */
async function lineStarting(server: Server, prefix: string): Promise<string> {
  for (;;) {
    const next = await server.lines.next();
    if (next.done) throw new Error(`ingest server ended before printing ${prefix}: ${JSON.stringify(await server.exited)}`);
    if (next.value.startsWith(prefix)) return next.value.slice(prefix.length).trim();
  }
}

const pointsOf = (seq: number) =>
  Array.from({ length: POINTS }, (_, j) => ({ m: 'crash', tags: { run: 'r1' }, f: { v: seq * 1000 + j, seq }, t: T0 + seq * POINTS + j }));
const resend = (identity: EnrollResponse, acked: Set<number>, onAck: () => void) =>
  resendUnacknowledged(identity, { batches: BATCHES, window: WINDOW, payloadOf: (seq) => batchPayload(identity.agentId, seq, pointsOf(seq)), acked, onAck });

/**
 * The whole story once: set up, serve, publish; the node dies (killed by the test once a
 * third of the batches are acknowledged, or by itself right after a commit); restart on
 * the same data and port; the agent sends what it has no PUBACK for; then count.
 */
async function crashAndRecover(label: string, crashAfterWrites: number): Promise<{ ackedAtCrash: number; duplicates: number }> {
  const dataDir = join(root, label);
  const setup = start(dataDir, 'setup');
  const identity = enrollResponseSchema.parse(JSON.parse(await lineStarting(setup, 'SETUP')));
  expect(await setup.exited).toEqual({ code: 0, signal: null });

  let server = start(dataDir, 'serve', crashAfterWrites);
  await lineStarting(server, 'READY');
  const acked = new Set<number>();
  let killed = false;
  const first = await resend(identity, acked, () => {
    if (crashAfterWrites === 0 && !killed && acked.size >= BATCHES / 3) {
      killed = true;
      server.child.kill('SIGKILL');
    }
  });
  expect(first).toBe('lost');
  expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const ackedAtCrash = acked.size;
  expect(ackedAtCrash).toBeLessThan(BATCHES);

  // Same directories, same port: the agent reconnects and sends what it has no PUBACK for.
  let rounds = 0;
  let outcome: 'done' | 'lost' = 'lost';
  while (outcome !== 'done' && rounds++ < 5) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      server = start(dataDir, 'serve');
      await lineStarting(server, 'READY');
    }
    outcome = await resend(identity, acked, () => undefined);
  }
  expect(outcome).toBe('done');
  expect(acked.size).toBe(BATCHES);

  server.child.kill('SIGTERM');
  const stats = JSON.parse(await lineStarting(server, 'STATS')) as { messages: { received: number; duplicates: number } };
  expect(await server.exited).toEqual({ code: 0, signal: null });
  console.log(
    `[crash test, ${label}] crashed after ${ackedAtCrash} acknowledged batches; after the restart ${stats.messages.received} received, ` +
      `${stats.messages.duplicates} dropped as already stored`,
  );

  const store = createDuckDbStore({ dir: join(dataDir, 'timeseries'), idleCloseMs: 60_000 });
  try {
    const query = { maxRows: 10, timeoutMs: 60_000 };
    const totals = await store.query(identity.tenantId, 'SELECT count(*), count(DISTINCT seq), sum(v) FROM crash', query);
    const expectedSum = POINTS * 1000 * ((BATCHES * (BATCHES - 1)) / 2) + BATCHES * ((POINTS * (POINTS - 1)) / 2);
    expect(totals.rows).toEqual([[BATCHES * POINTS, BATCHES, expectedSum]]);
    const uneven = await store.query(identity.tenantId, `SELECT seq, count(*) AS n FROM crash GROUP BY seq HAVING count(*) <> ${POINTS}`, query);
    expect(uneven.rows).toEqual([]);
  } finally {
    await store.close();
  }
  return { ackedAtCrash, duplicates: stats.messages.duplicates };
}

describe('kill -9 of an ingest node mid-stream', () => {
  it('stores every acknowledged point exactly once after a SIGKILL at full speed and a restart on the same data', async () => {
    await crashAndRecover('killed', 0);
  }, 300_000);

  it('drops the batch committed just before the crash when it comes again without its PUBACK', async () => {
    const { duplicates } = await crashAndRecover('after-commit', 60);
    // The 60th write committed and its PUBACK never left: that batch (and any committed with it) came again.
    expect(duplicates).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
