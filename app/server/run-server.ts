import type { Config } from '@facilflow/config';
import { createPlatform, type Platform } from '@facilflow/platform';
import { createServer, type FacilFlowServer } from './create-server.ts';
import { exitOnDatabaseFault } from './database-fault-exit.ts';
import { exitOnStopSignals, ShutdownSteps } from './shutdown.ts';

export interface RunningProcess {
  server: FacilFlowServer;
  platform: Platform;
}

const SERVER_STEP = 'HTTP requests, realtime, web app and ingest (telemetry being written, observers)';
const STORES_STEP = 'MQTT broker and stores (database, time series, bus, identity)';

/**
 * The server as its own process: the platform, the server on it, and how the process ends.
 * SIGTERM/SIGINT: no new HTTP requests, in-flight calls and telemetry batches finish (a batch
 * is acknowledged only once stored; one not yet stored is refused unacknowledged, so the agent
 * sends it again), observers flush, the broker and the stores close; exit 0, or exit 1 past
 * FACILFLOW_SHUTDOWN_TIMEOUT_MS naming what was still open. A dead database engine exits 1.
 */
export async function runServer(config: Config): Promise<RunningProcess> {
  const platform = await createPlatform(config, { startBroker: config.roles.includes('ingest') });
  let server: FacilFlowServer;
  try {
    server = await createServer({ config, platform });
  } catch (error) {
    await platform.close();
    throw error;
  }
  const steps = new ShutdownSteps([SERVER_STEP, STORES_STEP]);
  let stopping: Promise<void> | undefined;
  // The platform closes even when the server's close failed: the stores must not be left half-written.
  const stopAll = () => (stopping ??= steps.run(SERVER_STEP, () => server.close()).finally(() => steps.run(STORES_STEP, () => platform.close())));
  exitOnDatabaseFault(stopAll);
  exitOnStopSignals({ timeoutMs: config.shutdown.timeoutMs, stop: stopAll, stillOpen: () => steps.stillOpen() });
  return { server, platform };
}
