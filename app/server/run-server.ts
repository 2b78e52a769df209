import type { Config } from '@facilflow/config';
import { createPlatform, type Platform } from '@facilflow/core';
import { createServer, type FacilFlowServer } from './create-server.ts';
import { exitOnDatabaseFault } from './database-fault-exit.ts';

export interface RunningProcess {
  server: FacilFlowServer;
  platform: Platform;
}

/**
 * The server as its own process: the platform, the server on it, and how the process ends —
 * signals stop it cleanly (exit 0), a dead database engine stops it with exit 1.
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
  let stopping: Promise<void> | undefined;
  const stopAll = () => (stopping ??= server.close().finally(() => platform.close()));
  exitOnDatabaseFault(stopAll);

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    console.log(`${signal}: stopping`);
    stopAll().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { server, platform };
}
