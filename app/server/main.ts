import { loadConfig } from '@facilflow/config';
import { createServer } from './create-server.ts';

/**
 * Runs the server alone, against an identity provider and stores configured elsewhere:
 * `node --import tsx app/server/main.ts`. `npm start` composes more (emulator, demo data).
 */
const config = loadConfig();
const server = await createServer({ config });
console.log(`FacilFlow (${config.roles.join(', ')}) listening on ${server.url}, public URL ${config.http.publicUrl}`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: stopping`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Stopping failed:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
