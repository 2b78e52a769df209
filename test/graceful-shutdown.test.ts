import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollResponseSchema, type EnrollResponse } from '@facilflow/contracts';
import { resendUnacknowledged } from '@facilflow/testkit/agent-client';
import { freePort } from '@facilflow/testkit';
import { createDuckDbStore } from '@facilflow/timeseries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type ChildScript } from './support/server-process.ts';

/**
 * SIGTERM while an agent publishes at full speed: the real server process (app/server/main.ts)
 * must stop with exit 0, and every batch it acknowledged must be stored, once. A batch it took
 * but had not acknowledged may be stored or not; sent again to the restarted server, it is
 * then stored once all the same (dropped by its seq if it was).
 */
const SETUP = 'packages/ingest/test/support/ingest-server.ts';
const SERVER = 'app/server/main.ts';
const BATCHES = 400;
const POINTS = 50;
const WINDOW = 64;
const T0 = Date.UTC(2025, 0, 1);

let dataDir: string;
let env: NodeJS.ProcessEnv;
let mqttPort: number;
const children = new Set<ChildScript>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ff-graceful-'));
  mqttPort = await freePort();
  env = {
    NODE_ENV: 'test',
    FACILFLOW_DATA_DIR: dataDir,
    FACILFLOW_HTTP_PORT: String(await freePort()),
    FACILFLOW_MQTT_PORT: String(mqttPort),
    // The web role would start the web app's dev server, which this test does not need.
    FACILFLOW_ROLES: 'mcp,ingest',
    FACILFLOW_SECRET: 'crash-test-secret-crash-test-secret-0123456789',
    FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID,
    FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST,
    FACILFLOW_LOG_LEVEL: 'warn',
  };
});
afterAll(() => {
  for (const { child } of children) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function start(script: string, args: readonly string[] = []): ChildScript {
  const running = runScript(script, args, env);
  children.add(running);
  void running.exited.then(() => children.delete(running));
  return running;
}

const pointsOf = (seq: number) =>
  Array.from({ length: POINTS }, (_, j) => ({ m: 'crash', tags: { run: 'r1' }, f: { v: seq * 1000 + j, seq }, t: T0 + seq * POINTS + j }));
const payloadOf = (agentId: string, seq: number) => JSON.stringify({ v: 1, agentId, seq, sentAt: Date.now(), points: pointsOf(seq) });
const resend = (identity: EnrollResponse, acked: Set<number>, onAck: (seq: number) => void) =>
  resendUnacknowledged(identity, { batches: BATCHES, window: WINDOW, payloadOf: (seq) => payloadOf(identity.agentId, seq), acked, onAck });

/** Rows per seq in the tenant's DuckDB file, read once the server has exited. */
async function storedRowsPerSeq(tenantId: string): Promise<Map<number, number>> {
  const store = createDuckDbStore({ dir: join(dataDir, 'timeseries'), idleCloseMs: 60_000 });
  try {
    const result = await store.query(tenantId, 'SELECT seq, count(*) FROM crash GROUP BY seq', { maxRows: BATCHES + 1, timeoutMs: 60_000 });
    return new Map(result.rows.map((row) => [Number(row[0]), Number(row[1])]));
  } finally {
    await store.close();
  }
}

describe('SIGTERM on the server while an agent publishes', () => {
  it('exits 0 with every acknowledged batch stored exactly once, and the rest stored once after a restart', async () => {
    const setup = start(SETUP, [dataDir, String(mqttPort), 'setup']);
    const identity = enrollResponseSchema.parse(JSON.parse(await setup.lineStarting('SETUP')));
    expect(await setup.exited).toEqual({ code: 0, signal: null });

    const first = start(SERVER);
    await first.lineStarting('FacilFlow (mcp, ingest) listening on');
    const acked = new Set<number>();
    let signalled = false;
    let ackedAfterSignal = 0;
    const outcome = await resend(identity, acked, () => {
      if (signalled) ackedAfterSignal++;
      else if (acked.size >= BATCHES / 3) {
        signalled = true;
        first.child.kill('SIGTERM');
      }
    });
    expect(outcome, first.output()).toBe('lost');
    expect(await first.exited, first.output()).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('SIGTERM: stopping');
    const ackedAtStop = new Set(acked);
    expect(ackedAtStop.size).toBeLessThan(BATCHES);

    const afterStop = await storedRowsPerSeq(identity.tenantId);
    const missing = [...ackedAtStop].filter((seq) => afterStop.get(seq) !== POINTS);
    const doubled = [...afterStop].filter(([, n]) => n !== POINTS);
    expect(missing, 'acknowledged but not stored in full').toEqual([]);
    expect(doubled, 'stored more (or less) than once').toEqual([]);
    const storedUnacked = [...afterStop.keys()].filter((seq) => !ackedAtStop.has(seq)).length;

    // The same data and port: the agent sends again what it has no PUBACK for.
    const server = start(SERVER);
    await server.lineStarting('FacilFlow (mcp, ingest) listening on');
    expect(await resend(identity, acked, () => undefined)).toBe('done');
    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });

    const final = await storedRowsPerSeq(identity.tenantId);
    expect(final.size).toBe(BATCHES);
    expect([...final].filter(([, n]) => n !== POINTS)).toEqual([]);
    console.log(
      `[graceful shutdown] SIGTERM at ${Math.ceil(BATCHES / 3)} acknowledged: ${ackedAtStop.size} acknowledged by the stop (${ackedAfterSignal} after the signal), ` +
        `${afterStop.size} stored (${storedUnacked} of them unacknowledged, sent again and dropped as duplicates), ${doubled.length} stored twice; ` +
        `after the restart ${final.size} of ${BATCHES} stored once each`,
    );
  }, 240_000);

  it('answers a request it was reading when the signal came before it closes the connection', async () => {
    const server = start(SERVER);
    await server.lineStarting('FacilFlow (mcp, ingest) listening on');
    const port = Number(env.FACILFLOW_HTTP_PORT);
    const socket = connect(port, '127.0.0.1');
    const received = collect(socket);
    const body = JSON.stringify({ token: 'ffe_not-a-real-token' });
    // 100 Continue comes once the server has taken the request: it is in flight from then on.
    socket.write(`POST /api/agents/enroll HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
    await received.until((text) => text.startsWith('HTTP/1.1 100'));
    server.child.kill('SIGTERM');
    await server.lineStarting('SIGTERM: stopping');
    socket.write(body);
    const response = await received.ended;
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    const final = response.slice(response.indexOf('\r\n\r\n') + 4);
    expect(final, response).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
    expect(final.toLowerCase()).toContain('connection: close');
  }, 120_000);
});

/** Everything the socket receives, until it ends. */
function collect(socket: Socket): { until(predicate: (text: string) => boolean): Promise<void>; ended: Promise<string> } {
  let text = '';
  const checks = new Set<() => void>();
  // A reset shows as what was received before it: the assertions on the text say what went wrong.
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of checks) check();
  });
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  return {
    ended,
    until: (predicate) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(text)) {
            checks.delete(check);
            resolve();
          }
        };
        checks.add(check);
        void ended.then(() => reject(new Error(`the connection closed first; received:\n${text}`)));
        check();
      }),
  };
}
