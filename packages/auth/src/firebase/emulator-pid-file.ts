import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EMULATOR_COMMAND_MARK } from './emulator-watchdog.ts';

/** Who runs the emulator: `pid` leads its process group (the watchdog), `ownerPid` started it. */
export interface EmulatorRecord {
  pid: number;
  ownerPid: number;
  port: number;
}

export type ReclaimOutcome =
  /** No record, or the process it names is gone. */
  | { kind: 'none' }
  /** A live process still owns it (another `npm start`): left alone. */
  | { kind: 'owned'; record: EmulatorRecord }
  /** Its owner was gone: it has been stopped. */
  | { kind: 'reclaimed'; record: EmulatorRecord };

const POLL_MS = 100;

export function writeEmulatorRecord(file: string, record: EmulatorRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function removeEmulatorRecord(file: string, pid: number): void {
  // A newer start may have written its own record meanwhile: only ours is removed.
  if (readEmulatorRecord(file)?.pid === pid) rmSync(file, { force: true });
}

export function readEmulatorRecord(file: string): EmulatorRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { pid, ownerPid, port } = parsed as Record<string, unknown>;
  if (![pid, ownerPid, port].every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0)) return null;
  return { pid: pid as number, ownerPid: ownerPid as number, port: port as number };
}

/**
 * What a start that died without stopping its emulator (kill -9, a crash) left behind: if the
 * record names a live emulator whose parent is no longer the process that started it, that
 * emulator is an orphan holding the port, so it is stopped (SIGTERM to its group, which lets it
 * export its accounts, then SIGKILL past `graceMs`). The parent is compared, not the owner's
 * liveness alone, so a reused owner pid does not keep an orphan alive.
 */
export async function reclaimOrphanEmulator(file: string, graceMs: number): Promise<ReclaimOutcome> {
  const record = readEmulatorRecord(file);
  if (!record) return { kind: 'none' };
  const found = inspect(record.pid);
  if (!found || !found.command.includes(EMULATOR_COMMAND_MARK)) {
    rmSync(file, { force: true });
    return { kind: 'none' };
  }
  if (found.ppid === record.ownerPid && record.ownerPid !== process.pid) return { kind: 'owned', record };
  signalGroup(record.pid, 'SIGTERM');
  if (!(await goneWithin(record.pid, graceMs))) {
    signalGroup(record.pid, 'SIGKILL');
    await goneWithin(record.pid, graceMs);
  }
  rmSync(file, { force: true });
  return { kind: 'reclaimed', record };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (inspect(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/** The live process's parent and command line; null when it is gone (or a zombie nobody reaps). */
function inspect(pid: number): { ppid: number; command: string } | null {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's, so not ours to stop.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
    return { ppid: -1, command: '' };
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) may hold spaces and parentheses: the fields after it start past the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') return null;
    return { ppid: Number(ppid), command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
  } catch {
    return inspectWithPs(pid);
  }
}

/** Without /proc (macOS): ps reads the same. */
function inspectWithPs(pid: number): { ppid: number; command: string } | null {
  try {
    const out = execFileSync('ps', ['-o', 'stat=,ppid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const match = /^(\S+)\s+(\d+)\s+(.*)$/s.exec(out);
    if (!match || match[1]!.startsWith('Z')) return null;
    return { ppid: Number(match[2]), command: match[3]! };
  } catch {
    return null;
  }
}
