import { join } from 'node:path';
import { ConfigError, loadConfig, packageDirOf, type Config } from '@facilflow/config';
import { reclaimOrphanEmulator, startAuthEmulator } from '@facilflow/platform';
import { createPlatform } from '@facilflow/platform';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { createServer } from '../../app/server/create-server.ts';
import { exitOnDatabaseFault } from '../../app/server/database-fault-exit.ts';
import { exitOnStopSignals } from '../../app/server/shutdown.ts';
import { assertPortFree, emulatorPlan } from './auth-emulator.ts';
import { Closers } from './closers.ts';
import { exposureNotice } from './exposure-notice.ts';
import { bootstrapDemo } from './demo-bootstrap.ts';
import { startDemoPlant, type DemoPlant } from './demo-plant.ts';
import { StartError } from './start-error.ts';
import { summaryText } from './summary.ts';

// scripts/ has no package.json of its own: the nearest one is the repository's.
const REPO_DIR = packageDirOf(import.meta.url);
const started = performance.now();
const closers = new Closers();
const EMULATOR_STOP_GRACE_MS = 10_000;

/** One machine, everything embedded: the Auth emulator, the stores, the server, and a demo tenant with a key. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Registered before anything starts (nothing runs between the module's first line and here).
  exitOnStopSignals({ timeoutMs: config.shutdown.timeoutMs, stop: () => closers.closeAll(), stillOpen: () => closers.stillOpen() });
  const plan = emulatorPlan(config, process.env);
  const exposure = exposureNotice(config);
  if (exposure) console.log(exposure);
  await assertPortFree(config.http.host, config.http.port, 'FacilFlow server', 'FACILFLOW_HTTP_PORT');
  const emulatorPidFile = join(config.dataDir, 'auth-emulator.pid');
  if (plan.kind === 'start') {
    // A start killed with -9 (or crashed) leaves its emulator holding the port: stop that orphan first.
    const reclaimed = await reclaimOrphanEmulator(emulatorPidFile, EMULATOR_STOP_GRACE_MS);
    if (reclaimed.kind === 'reclaimed') console.log(`  ✓ Stopped the Auth emulator (pid ${reclaimed.record.pid}) left by an earlier start that did not stop`);
    await assertPortFree('127.0.0.1', plan.port, 'Firebase Auth emulator', 'FACILFLOW_AUTH_EMULATOR_PORT');
  }

  // The emulator takes the longest to boot; the database, the server and the web app's first compile happen meanwhile.
  const [emulator, { runtime, url }] = await allOrNothing([
    plan.kind === 'start'
      ? step(`Firebase Auth emulator on ${plan.host}`, async () => {
          const running = await startAuthEmulator({
            projectId: config.firebase.projectId,
            port: plan.port,
            dataDir: join(config.dataDir, 'auth-emulator'),
            pidFile: emulatorPidFile,
          });
          closers.add('Auth emulator', running.stop);
          return running;
        })
      : Promise.resolve(null),
    startServer(config),
  ]);
  const demo = plan.kind === 'none' ? null : await step('Demo tenant and API key', () => bootstrapDemo(config, runtime, plan.host));
  let plant: DemoPlant | null = null;
  if (demo && config.demo.plant && config.roles.includes('ingest')) {
    plant = await step(`Demo plant simulator on opc.tcp://127.0.0.1:${config.demo.opcuaPort} and its edge agent`, async () => {
      const started = await startDemoPlant(config, runtime, url, demo.apiKey.secret);
      closers.add('demo plant', started.stop);
      return started;
    });
  }
  console.log(
    summaryText({
      publicUrl: config.http.publicUrl,
      roles: config.roles,
      seconds: (performance.now() - started) / 1000,
      repoDir: REPO_DIR,
      emulatorHost: emulator?.host ?? (plan.kind === 'external' ? plan.host : null),
      demo,
      plant,
    }),
  );
}

/** The database, then the server on it; returns the runtime the demo bootstrap uses and where the server listens. */
async function startServer(config: Config): Promise<{ runtime: Runtime; url: string }> {
  const platform = await step(`Database (${config.database.kind === 'pglite' ? `PGlite in ${config.database.dir}` : 'PostgreSQL'})`, async () => {
    const created = await createPlatform(config, { startBroker: config.roles.includes('ingest') });
    closers.add('database', created.close);
    return created;
  });
  const runtime = createOperationsRuntime(platform);
  const server = await step(`Server (${config.roles.join(', ')})`, async () => {
    const running = await createServer({ config, platform, runtime });
    closers.add('server', running.close);
    return running;
  });
  // Compiles the start page once now, so the first visit does not wait for it.
  if (config.roles.includes('web')) await step('Web app compiled', () => fetch(server.url).then((r) => r.arrayBuffer()));
  return { runtime, url: server.url };
}

async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const begun = performance.now();
  const result = await run();
  console.log(`  ✓ ${label} (${((performance.now() - begun) / 1000).toFixed(1)} s)`);
  return result;
}

/** Like Promise.all, but waits for every start to settle, so a failure never leaves one half-registered. */
async function allOrNothing<A, B>(starts: [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(starts);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

exitOnDatabaseFault(() => closers.closeAll());

main().catch(async (error: unknown) => {
  // Refusals the person can fix read best without a stack trace.
  if (error instanceof StartError || error instanceof ConfigError) console.error(`\nFacilFlow did not start: ${error.message}`);
  else console.error('\nFacilFlow did not start:', error);
  await closers.closeAll().catch(() => undefined);
  process.exit(1);
});
