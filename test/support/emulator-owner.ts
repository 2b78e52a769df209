// A process that owns an Auth emulator the way `npm start` does (with a pid file), for the test
// that kills such a process with SIGKILL: `tsx emulator-owner.ts <pidFile> <port>` prints
// `READY <host>` once the emulator answers, then waits to be killed.
import { startAuthEmulator } from '@facilflow/auth/firebase';

const [pidFile, port] = process.argv.slice(2);
if (!pidFile || !port) throw new Error('usage: emulator-owner.ts <pidFile> <port>');
const emulator = await startAuthEmulator({ projectId: 'demo-facilflow-owner', port: Number(port), pidFile });
console.log(`READY ${emulator.host}`);
setInterval(() => undefined, 60_000);
