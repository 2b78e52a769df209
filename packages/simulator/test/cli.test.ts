import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/facilflow-simulator.mjs', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'ff-simulator-cli-'));
afterAll(() => rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

describe('facilflow-simulator', () => {
  it('starts the demo plant on a free port, keeps its PKI in the data dir and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--seed', '5', '--speed', '60', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const line = output.split('\n').find((l) => l.includes(' ready in '));
        if (line) resolve(line);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
    });
    expect(ready).toMatch(/^AcmeFoods Riverside: 43 tags at opc\.tcp:\/\/127\.0\.0\.1:\d+ \(urn:facilflow:demo-plant, speed 60\)/);
    expect(await readdir(join(dataDir, 'pki', 'own', 'certs'))).toContain('certificate.pem');

    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
  });

  it('rejects a malformed option with the usage', async () => {
    const child = spawn(process.execPath, [bin, '--extra-tags', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(errors).toContain('--extra-tags expects COUNT@INTERVAL_MS, got "lots"');
    expect(errors).toContain('Usage: facilflow-simulator');
  });
});
