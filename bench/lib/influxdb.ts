import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnService } from './child.ts';
import { freePort } from './free-port.ts';

const INFLUXD = '/usr/bin/influxd';
const DATABASE = 'bench';

/** The peer: InfluxDB 1.6 from Debian, on its own ports and a temp dir, stopped and removed at the end. */
export interface InfluxPeer {
  url: string;
  pid: number;
  version: string;
  /** Line protocol with millisecond timestamps; resolves after InfluxDB answered 204 (its WAL written and synced). */
  write(lines: string): Promise<void>;
  /** InfluxQL; the parsed JSON answer. */
  query(influxql: string): Promise<InfluxAnswer>;
  stop(): Promise<void>;
}

export interface InfluxAnswer {
  results: { statement_id: number; series?: { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

/** Installs InfluxDB 1.6 with apt if it is missing and we are root; null (and how to install it) otherwise. */
export function ensureInfluxd(): boolean {
  if (existsSync(INFLUXD)) return true;
  if (process.getuid?.() !== 0) {
    console.log(`InfluxDB 1.6 is not installed (${INFLUXD}); run "apt-get install -y influxdb" as root to compare with it. Running without the peer.`);
    return false;
  }
  console.log('Installing InfluxDB 1.6 (apt-get install -y influxdb)...');
  const apt = spawnSync('apt-get', ['install', '-y', 'influxdb'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt.status !== 0 || !existsSync(INFLUXD)) {
    console.log('apt-get install influxdb failed: running without the peer.');
    return false;
  }
  return true;
}

export async function startInfluxPeer(options: { cacheMaxMemory?: string } = {}): Promise<InfluxPeer | null> {
  if (!ensureInfluxd()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'ff-bench-influxdb-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  // Defaults otherwise, including the WAL fsync on every write (wal-fsync-delay 0), as our store syncs every commit.
  writeFileSync(
    join(dir, 'influxdb.conf'),
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      `  cache-max-memory-size = "${options.cacheMaxMemory ?? '1g'}"`,
      '[http]',
      `  bind-address = "127.0.0.1:${httpPort}"`,
      '  log-enabled = false',
      '  max-body-size = 0',
      '[logging]',
      '  level = "warn"',
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  enabled = false',
      '[subscriber]',
      '  enabled = false',
      '',
    ].join('\n'),
  );
  const influxd = spawnService('influxd', INFLUXD, ['-config', join(dir, 'influxdb.conf')], join(dir, 'influxd.log'), dir);
  const { stop } = influxd;

  const url = `http://127.0.0.1:${httpPort}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const call = (method: 'GET' | 'POST', path: string, body?: string) =>
    new Promise<{ status: number; body: string; version: string }>((resolve, reject) => {
      const req = request(`${url}${path}`, { method, agent, headers: body === undefined ? {} : { 'content-type': 'text/plain' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), version: String(res.headers['x-influxdb-version'] ?? '') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  let version = '';
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (influxd.exited()) throw new Error(`influxd exited at start; see ${join(dir, 'influxd.log')}`);
    const ping = await call('GET', '/ping').catch(() => null);
    if (ping?.status === 204) {
      version = ping.version;
      break;
    }
    if (Date.now() > deadline) throw new Error('influxd did not answer /ping within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const created = await call('POST', `/query?q=${encodeURIComponent(`CREATE DATABASE ${DATABASE}`)}`);
  if (created.status !== 200) throw new Error(`CREATE DATABASE failed: ${created.status} ${created.body}`);

  return {
    url,
    pid: influxd.pid,
    version,
    async write(lines) {
      const answer = await call('POST', `/write?db=${DATABASE}&precision=ms`, lines);
      if (answer.status !== 204) throw new Error(`InfluxDB write failed: ${answer.status} ${answer.body.slice(0, 300)}`);
    },
    async query(influxql) {
      const answer = await call('GET', `/query?db=${DATABASE}&epoch=ms&q=${encodeURIComponent(influxql)}`);
      if (answer.status !== 200) throw new Error(`InfluxDB query failed: ${answer.status} ${answer.body.slice(0, 300)}`);
      const parsed = JSON.parse(answer.body) as InfluxAnswer;
      const error = parsed.results.find((result) => result.error)?.error;
      if (error) throw new Error(`InfluxDB query failed: ${error} (${influxql})`);
      return parsed;
    },
    stop,
  };
}

/** A writer for another process (the load generators): same endpoint, its own connections. */
export function influxWriter(url: string, maxSockets: number): (lines: string) => Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return (lines) =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${url}/write?db=${DATABASE}&precision=ms`, { method: 'POST', agent, headers: { 'content-type': 'text/plain' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`InfluxDB write failed: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(lines);
    });
}
