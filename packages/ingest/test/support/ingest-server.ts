// A FacilFlow ingest node in a process of its own, for the kill -9 test: the platform on a
// data directory (PGlite, or PostgreSQL with DATABASE_URL), DuckDB under it, the embedded
// broker on a fixed port of 127.0.0.1 and ingest attached. Nothing is mocked.
//
//   tsx ingest-server.ts <dataDir> <mqttPort> setup   creates a tenant, a schema and an enrolled agent,
//                                                    prints `SETUP <json>` and exits cleanly;
//   tsx ingest-server.ts <dataDir> <mqttPort> serve   prints `READY` once telemetry is taken; on SIGTERM
//                                                    closes everything, prints `STATS <json>` and exits.
//
// With FF_CRASH_AFTER_WRITES=n, serve kills itself (SIGKILL) the moment its n-th store write
// has committed, before ingest can resolve and the broker send the PUBACK: the crash lands
// exactly between the commit and the acknowledgement.
import { loadConfig } from '@facilflow/config';
import { createPlatform } from '@facilflow/platform';
import { attachIngest } from '../../src/index.ts';
import { bootstrapTenant } from './bootstrap.ts';

const [dataDir, port, mode] = process.argv.slice(2);
if (!dataDir || !port || (mode !== 'setup' && mode !== 'serve')) throw new Error('usage: ingest-server.ts <dataDir> <mqttPort> setup|serve');

const config = loadConfig({
  NODE_ENV: 'test',
  FACILFLOW_DATA_DIR: dataDir,
  FACILFLOW_HOST: '127.0.0.1',
  FACILFLOW_SECRET: 'crash-test-secret-crash-test-secret-0123456789',
  FIREBASE_PROJECT_ID: 'demo-facilflow-test',
  // Never reached: nobody signs in here.
  FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST ?? '127.0.0.1:9',
  FACILFLOW_MQTT_PORT: port,
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const platform = await createPlatform(config, { startBroker: true });
const say = (line: string) => new Promise<void>((resolve) => process.stdout.write(`${line}\n`, () => resolve()));

if (mode === 'setup') {
  const { agents } = await bootstrapTenant(platform, {
    name: 'Crash Plant',
    schemas: [
      {
        measurement: 'crash',
        fields: [
          { name: 'v', type: 'number' },
          { name: 'seq', type: 'number' },
        ],
        requiredTags: ['run'],
      },
    ],
    agents: 1,
  });
  const identity = agents[0]!;
  await platform.close();
  await say(`SETUP ${JSON.stringify(identity)}`);
  process.exit(0);
}

const crashAfter = Number(process.env.FF_CRASH_AFTER_WRITES ?? 0);
if (crashAfter > 0) {
  const store = platform.services.timeseries;
  let writes = 0;
  platform.services.timeseries = {
    ...store,
    write: (tenantId, points, options) =>
      store.write(tenantId, points, options).then((result) => {
        // This continuation runs before ingest's own: the process dies with the batch committed and unacknowledged.
        if (++writes === crashAfter) process.kill(process.pid, 'SIGKILL');
        return result;
      }),
  };
}

const attached = await attachIngest(platform, { log: { warn: () => undefined, error: () => undefined } });
process.on('SIGTERM', () => {
  void (async () => {
    await attached.close();
    await platform.close();
    await say(`STATS ${JSON.stringify(attached.ingest.stats())}`);
    process.exit(0);
  })();
});
await say('READY');
