import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/facilflow.mjs', import.meta.url));
const run = promisify(execFile);

describe('facilflow serve', () => {
  it('refuses to split the roles on the embedded defaults, naming what a split needs, before starting anything', async () => {
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test' as const, FACILFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ff-serve-')) };
    const failed = await run(process.execPath, [bin, 'serve', '--roles', 'web,mcp'], { env }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/FACILFLOW_ROLES = web,mcp leaves ingest, worker, scheduler to other processes/);
    expect(failed?.stderr).toMatch(/PostgreSQL \(DATABASE_URL\): PGlite serves one process/);
  });
});
