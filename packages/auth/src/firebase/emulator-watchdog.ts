/**
 * firebase-tools runs under this watchdog, a few lines of plain JavaScript given to `node -e`
 * so that they need no build and run the same from the sources and from dist/. Its stdin is a
 * pipe from the process that started the emulator: the kernel closes it however that process
 * ends, SIGKILL included, and the watchdog then stops the emulator (SIGTERM, so it still exports
 * its accounts; SIGKILL to the whole group past the grace). A signal to the group (stop())
 * reaches firebase-tools directly, so the watchdog only waits for it and exits with its code.
 */
export function watchdogArgs(command: readonly string[], graceMs: number): string[] {
  return ['-e', watchdogSource(graceMs), '--', ...command];
}

/** What the emulator's command line holds, to recognise it in a pid file written by an earlier start. */
export const EMULATOR_COMMAND_MARK = 'emulators:start';

function watchdogSource(graceMs: number): string {
  return `'use strict';
// facilflow: Auth emulator watchdog
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
let ending = false;
const parentGone = () => {
  if (ending) return;
  ending = true;
  child.kill('SIGTERM');
  setTimeout(() => {
    try { process.kill(-process.pid, 'SIGKILL'); } catch {}
  }, ${Math.max(0, Math.round(graceMs))});
};
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
child.on('error', (error) => { console.error(error.message); process.exit(1); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;
}
