import { loadConfig } from '@facilflow/config';
import { runServer } from './run-server.ts';

/**
 * Runs the server alone, against an identity provider and stores configured elsewhere:
 * `node app/dist/server/main.js` after `npm run build`. `npm start` composes more (emulator, demo data).
 */
const config = loadConfig();
const { server } = await runServer(config);
console.log(`FacilFlow (${config.roles.join(', ')}) listening on ${server.url}, public URL ${config.http.publicUrl}`);
