import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecord, TenantScope } from '@facilflow/contracts';
import { createPipeline, listRunSteps, publishPipeline, startPipelineRun } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnded } from './worker-helpers.ts';
import { workerTestEngine } from './worker-test-components.ts';

/**
 * Two run workers in their own processes on PostgreSQL and Redis (BullMQ); one is SIGKILLed while
 * a run of its is in a stage. Every run ends succeeded once, its sink written once: the killed
 * worker's run is taken over from its checkpoint when the lease lapses.
 */
const REPO_DIR = fileURLToPath(new URL('../../../..', import.meta.url));
const SCRIPT = 'packages/core/test/pipeline-runs/run-worker-process.ts';
const RUNS = 20;
const services = process.env.FF_TEST_DATABASE_URL && process.env.FF_TEST_REDIS_URL;

interface Worker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
  /** Resolves with the first line (past or coming) that matches. */
  line(match: (line: string) => boolean): Promise<string>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', SCRIPT], { cwd: REPO_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
    for (const check of waiting) check();
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  let ended = false;
  const exited = new Promise<void>((resolve) => child.once('close', () => {
    ended = true;
    for (const check of waiting) check();
    resolve();
  }));
  return {
    child,
    lines,
    exited,
    line: (match) => new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(match);
        if (found !== undefined) {
          waiting.delete(check);
          resolve(found);
        } else if (ended) {
          waiting.delete(check);
          reject(new Error(`the worker ended first:\n${lines.join('\n')}\n${stderr}`));
        }
      };
      waiting.add(check);
      check();
    }),
  };
}

/** The run ids of jobs a worker finished having executed the run. */
const executed = (worker: Worker) =>
  worker.lines.filter((line) => line.startsWith('JOB ')).map((line) => JSON.parse(line.slice(4)) as { runId: string; executed: boolean }).filter((r) => r.executed).map((r) => r.runId);

/** The objects written under `dir` (the local store keeps each object's content type beside it). */
function objectsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.endsWith('.ff-meta.json'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.runIf(services)('two run worker processes on PostgreSQL and Redis, one SIGKILLed (services suite)', () => {
  let t: TestPlatform;
  let scope: TenantScope;
  let objectsDir: string;
  const dataDirs: string[] = [];
  const workers: Worker[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const prefix = `fftest_runwk_${randomBytes(4).toString('hex')}:`;
    t = await createTestPlatform({ REDIS_URL: process.env.FF_TEST_REDIS_URL ?? '', FACILFLOW_REDIS_PREFIX: prefix });
    t.platform.services.pipelineEngine = workerTestEngine;
    const tenant = await t.createTenant('Killed worker');
    scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
    objectsDir = mkdtempSync(join(tmpdir(), 'ff-runwk-objects-'));
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url ?? '',
      REDIS_URL: process.env.FF_TEST_REDIS_URL ?? '',
      FACILFLOW_REDIS_PREFIX: prefix,
      FACILFLOW_OBJECTS_DIR: objectsDir,
      FACILFLOW_SECRET: randomBytes(32).toString('hex'),
      FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID ?? '',
      FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST ?? '',
      FACILFLOW_LOG_LEVEL: 'warn',
    };
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    for (const worker of workers) await worker.exited;
    await t?.close();
    for (const dir of [objectsDir, ...dataDirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function worker(concurrency: number): Worker {
    const dataDir = mkdtempSync(join(tmpdir(), 'ff-runwk-'));
    dataDirs.push(dataDir);
    const started = startWorker({ ...env, FACILFLOW_DATA_DIR: dataDir, WORKER_CONCURRENCY: String(concurrency) });
    workers.push(started);
    return started;
  }

  it('finishes every run exactly once on the surviving worker', async () => {
    const victim = worker(1);
    const survivor = worker(3);
    await victim.line((l) => l.startsWith('READY'));
    await survivor.line((l) => l.startsWith('READY'));
    const { pipeline } = await createPipeline(t.platform.services, scope, {
      spec: {
        name: 'Slow enough to kill',
        triggers: [{ type: 'manual' }],
        stages: [
          { id: 'src', use: 'source.counter-rows', with: { count: 2 } },
          { id: 'first', use: 'transform.test-wait', with: { ms: 300 }, needs: ['src'] },
          { id: 'second', use: 'transform.test-wait', with: { ms: 300 }, needs: ['first'] },
          { id: 'sink', use: 'sink.test-run-output', needs: ['second'] },
        ],
      },
    });
    await publishPipeline(t.platform.services, scope, { id: pipeline.id });
    const runs: RunRecord[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await startPipelineRun(t.platform.services, scope, { pipelineId: pipeline.id, trigger: 'manual' }));

    // Killed inside a wait stage of its run (concurrency 1: it holds no other), never inside the sink.
    const inStage = await victim.line((l) => l.startsWith('STAGE started ') && l.endsWith(' second'));
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedRun = inStage.split(' ')[2];

    for (const run of runs) {
      const { run: ended, steps } = await runEnded(t.platform.services, scope, run.id);
      expect([run.id, ended.status]).toEqual([run.id, 'succeeded']);
      expect(steps.map((s) => [s.stageId, s.attempt, s.status])).toEqual([['src', 1, 'succeeded'], ['first', 1, 'succeeded'], ['second', 1, 'succeeded'], ['sink', 1, 'succeeded']]);
    }
    const completions = [...executed(victim), ...executed(survivor)].sort();
    expect(completions).toEqual(runs.map((r) => r.id).sort());
    expect(executed(victim)).not.toContain(killedRun);
    const outputs = objectsUnder(objectsDir).map((file) => runs.find((r) => file.includes(r.id))?.id).filter((id) => id !== undefined).sort();
    expect(outputs).toEqual(runs.map((r) => r.id).sort());
    const { items } = await listRunSteps(t.platform.services, scope, { runId: killedRun ?? '', limit: 50 });
    expect(items.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  }, 60_000);
});
