import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmulatorRecord } from '@facilflow/auth/firebase';
import { freePort } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirstCommand, type FirstCommand, type FirstCommandOptions } from './support/first-command.ts';
import { processGone, portTaken, until } from './support/processes.ts';
import { runScript, type ChildScript } from './support/server-process.ts';

/**
 * `npm start` killed with -9 must not leave the next one stuck: its Auth emulator (a child
 * process) either dies with it (the watchdog it runs under sees its parent's pipe close) or is
 * stopped by the next start, which finds it through `.facilflow/auth-emulator.pid`.
 */
let root: string;
const commands = new Set<FirstCommand>();
const scripts = new Set<ChildScript>();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ff-crash-restart-'));
});
afterAll(async () => {
  for (const command of commands) await command.stop();
  for (const { child } of scripts) child.kill('SIGTERM');
  if (root) rmSync(root, { recursive: true, force: true });
});

async function start(options: FirstCommandOptions): Promise<FirstCommand> {
  const command = await startFirstCommand(options);
  commands.add(command);
  return command;
}

describe('npm start after a kill -9 of the previous one', () => {
  it('becomes ready on the same ports and data dir, and a proper stop leaves no emulator behind', async () => {
    const dataDir = join(root, 'start');
    const pidFile = join(dataDir, 'auth-emulator.pid');
    const authPort = await freePort();
    const options: FirstCommandOptions = {
      cwd: process.cwd(),
      dataDir,
      ports: { http: await freePort(), mqtt: await freePort(), opcua: await freePort() },
      // npm start boots its own emulator here, not the test run's.
      unset: ['FIREBASE_AUTH_EMULATOR_HOST', 'FIREBASE_PROJECT_ID'],
      env: { FACILFLOW_AUTH_EMULATOR_PORT: String(authPort) },
    };

    const first = await start(options);
    const firstEmulator = readEmulatorRecord(pidFile);
    expect(firstEmulator, first.output()).toMatchObject({ port: authPort });
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    commands.delete(first);

    // At once: the dead start's emulator may still hold the port.
    const second = await start(options);
    expect(second.output()).toContain('Press Ctrl-C to stop.');
    expect(processGone(firstEmulator!.pid)).toBe(true);
    const secondEmulator = readEmulatorRecord(pidFile);
    expect(secondEmulator?.pid).not.toBe(firstEmulator!.pid);

    expect(await second.kill('SIGINT'), second.output()).toEqual({ code: 0, signal: null });
    commands.delete(second);
    expect(processGone(secondEmulator!.pid)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
    expect(await portTaken(authPort)).toBe(false);
  }, 300_000);

  it('stops the Auth emulator by itself when the process that started it dies by SIGKILL', async () => {
    const pidFile = join(root, 'owner', 'auth-emulator.pid');
    const port = await freePort();
    const owner = runScript('test/support/emulator-owner.ts', [pidFile, String(port)], {});
    scripts.add(owner);
    await owner.lineStarting('READY');
    const record = readEmulatorRecord(pidFile);
    expect(record).toMatchObject({ port });
    owner.child.kill('SIGKILL');
    expect(await owner.exited).toEqual({ code: null, signal: 'SIGKILL' });
    scripts.delete(owner);

    // Nobody reclaims it here: only the watchdog can end it. The bound only guards against waiting for ever.
    expect(await until(() => processGone(record!.pid), 60_000)).toBe(true);
    expect(await portTaken(port)).toBe(false);
  }, 120_000);
});
