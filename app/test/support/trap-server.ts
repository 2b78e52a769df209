import { loadConfig } from '@facilflow/config';
import { induceWasmTrap } from '@facilflow/testkit';
import { runServer } from '../../server/run-server.ts';

/**
 * The server process exactly as main.ts runs it, plus one test-only trigger: a line on
 * stdin makes a real PGlite WASM trap through the process's own database client.
 */
const { server, platform } = await runServer(loadConfig());
console.log(`listening on ${server.url}`);
process.stdin.once('data', () => {
  void induceWasmTrap(platform.services.db).then((rejection) => console.log(`the trap rejected with: ${String(rejection)}`));
});
