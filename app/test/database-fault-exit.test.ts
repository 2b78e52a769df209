import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readinessReport } from '@facilflow/contracts';
import { freePort } from '@facilflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('a server process whose PGlite database traps', () => {
  it('reports the failure and exits 1, so a supervisor restarts it, instead of answering 500 for ever', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ff-trap-'));
    const port = await freePort();
    const server = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', 'app/test/support/trap-server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        FACILFLOW_DATA_DIR: dataDir,
        FACILFLOW_HTTP_PORT: String(port),
        FACILFLOW_ROLES: 'mcp',
        FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST,
        FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = server;
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const check = () => output.includes('listening on') && resolve();
      server.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    });

    const before = await fetch(`http://127.0.0.1:${port}/readyz`);
    const report = readinessReport.parse(await before.json());
    expect(before.status, JSON.stringify(report)).toBe(200);
    expect(report.dependencies.find((d) => d.name === 'platform-database')).toMatchObject({ ok: true });

    server.stdin.write('trap\n');
    const code = await exited;

    expect(code, output).toBe(1);
    expect(output).toContain('[db] FATAL: The embedded PGlite database failed (RuntimeError: memory access out of bounds)');
    expect(output).toMatch(/FacilFlow is exiting \(code 1\) so that it can be restarted/);
  }, 120_000);
});
