import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrollRequestSchema, enrollResponseSchema, type EnrollResponse } from '@facilflow/contracts';
import { startPlantSimulator, type PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../src/enroll/enroll.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import { TestBroker } from './support/broker.ts';
import { Observer } from './support/observer.ts';
import { demoPlant, plantSource } from './support/plant.ts';
import { tempDirs } from './support/temp-dir.ts';

const TOKEN = 'enrol-token-0123456789abcdef';
const dirs = tempDirs('enroll');
const broker = new TestBroker();
const requests: unknown[] = [];
let server: Server;
let serverUrl: string;
/** What the stand-in answers a good token with; a test may swap it for a bad answer. */
let answer: () => unknown;

/** The server's enrolment endpoint as the contract describes it: one-time token in, identity out. */
function startEnrolmentStandIn(): Promise<Server> {
  const used = new Set<string>();
  const standIn = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || req.url !== '/api/agents/enroll') return reply(404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
      const parsed = enrollRequestSchema.safeParse(JSON.parse(body));
      requests.push(JSON.parse(body));
      if (!parsed.success) return reply(400, { error: { code: 'INVALID', message: 'bad enrolment request' } });
      if (parsed.data.token !== TOKEN || used.has(parsed.data.token)) return reply(401, { error: { code: 'UNAUTHENTICATED', message: 'unknown or used enrolment token' } });
      used.add(parsed.data.token);
      reply(200, answer());
    });
  });
  return new Promise((resolve) => standIn.listen(0, '127.0.0.1', () => resolve(standIn)));
}

beforeAll(async () => {
  await broker.start();
  server = await startEnrolmentStandIn();
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await broker.stop();
  await dirs.removeAll();
});

describe('enrolment', () => {
  it('exchanges the token for an identity and keeps it in the data dir, readable by the owner only', async () => {
    const identity = broker.enrolAgent('acme', 'edge_enrol');
    answer = () => identity;
    const dataDir = join(await dirs.make(), 'agent');
    const result = await enroll({ serverUrl, token: TOKEN, dataDir });
    expect(result.identity).toEqual(identity);
    expect(requests.at(-1)).toMatchObject({ token: TOKEN, hostname: expect.any(String), version: '0.1.0' });
    expect(result.path).toBe(join(dataDir, 'identity.json'));
    expect(enrollResponseSchema.parse(JSON.parse(await readFile(result.path, 'utf8')))).toEqual(identity);
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);

    // One-time: the same token again is refused, with the server's reason.
    await expect(enroll({ serverUrl, token: TOKEN, dataDir })).rejects.toThrow(/HTTP 401.*unknown or used enrolment token/);
  });

  it('refuses an answer that is not a valid identity and writes nothing', async () => {
    answer = () => ({ tenantId: 'Acme Corp', agentId: 'edge', mqtt: { url: 'mqtt://x', clientId: 'edge', username: 'u', password: 'p', protocolVersion: 4 } });
    const standIn = await startEnrolmentStandIn();
    const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    const dataDir = await dirs.make();
    await expect(enroll({ serverUrl: url, token: TOKEN, dataDir })).rejects.toThrow(/not a valid identity.*topic ids/);
    await expect(stat(join(dataDir, 'identity.json'))).rejects.toThrow(/ENOENT/);
    await new Promise((resolve) => standIn.close(resolve));
  });
});

describe('facilflow-agent CLI', () => {
  let simulator: PlantSimulator;
  beforeAll(async () => {
    simulator = await startPlantSimulator({ model: demoPlant, port: 0 });
  });
  afterAll(async () => {
    await simulator?.stop();
  });

  const bin = fileURLToPath(new URL('../bin/facilflow-agent.mjs', import.meta.url));
  const run = (args: string[]) => spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

  it('enrols, then runs from a config file until SIGTERM, logging JSON lines on stderr', async () => {
    const standIn = await startEnrolmentStandIn();
    const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    const identity: EnrollResponse = broker.enrolAgent('acme', 'edge_cli');
    answer = () => identity;
    const dataDir = await dirs.make();
    const enrolling = run(['enroll', '--server', url, '--token', TOKEN, '--data-dir', dataDir]);
    const [code] = (await once(enrolling, 'exit')) as [number];
    expect(code).toBe(0);
    await new Promise((resolve) => standIn.close(resolve));

    const configPath = join(dataDir, 'start.json');
    await writeFile(configPath, JSON.stringify({ version: 7, sources: [plantSource(simulator.endpointUrl)] }));
    const observer = await Observer.connect(broker.url, broker.service, 'acme', 'edge_cli');
    const agent = run(['run', '--data-dir', dataDir, '--config', configPath]);
    let stderr = '';
    agent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = once(agent, 'exit');
    await observer.until<PublishedStatus>('status', (s) => s.state === 'online' && s.appliedConfigVersion === 7 && s.sources[0]?.state === 'connected');
    await observer.until('telemetry');
    agent.kill('SIGTERM');
    const [exitCode] = (await exited) as [number];
    expect(exitCode).toBe(0);
    // A graceful stop leaves the retained status saying offline.
    await observer.until<PublishedStatus>('status', (s) => s.state === 'offline');
    await observer.close();

    const lines = stderr.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['agent started', 'config applied', 'stopping', 'agent stopped']));
    expect(lines.every((l) => ['debug', 'info', 'warn', 'error'].includes(l.level))).toBe(true);
  });

  it('explains its usage when a required option is missing', async () => {
    const child = run(['run']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/--data-dir is required[\s\S]*Usage:/);
  });
});
