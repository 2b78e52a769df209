import { fork, spawn, type ChildProcess } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';
import { onCleanup } from './cleanup.ts';

export interface BenchMessage {
  type: string;
}

/** A TypeScript module in its own Node process (tsx loader), with IPC; killed at cleanup if still running. */
export function forkTs(file: string, args: readonly string[] = [], execArgv: readonly string[] = []): ChildProcess {
  const child = fork(file, [...args], { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  onCleanup(
    `child ${file}`,
    async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
    () => {
      if (!exited) child.kill('SIGKILL');
    },
  );
  return child;
}

/** The next IPC message of this type from the child; rejects if it exits first or reports an error. */
export function nextMessage<T extends BenchMessage>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const m = message as BenchMessage & { error?: string };
      if (m.type === 'error') {
        done();
        reject(new Error(`child ${child.pid}: ${m.error ?? 'failed'}`));
      } else if (m.type === type) {
        done();
        resolve(m as T);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`child ${child.pid} exited (${signal ?? code}) before sending "${type}"`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** In a child: sends a message to the parent. */
export function tell<T extends BenchMessage>(message: T): void {
  process.send?.(message);
}

/** In a child: tells the parent of a failure, with its stack. */
export function tellError(error: unknown): void {
  tell({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

/** In a child: a failed phase ends the process with the error told, rather than wait for a message that no longer matters. */
export function exitOnFailure(work: Promise<void>): void {
  work.catch((error: unknown) => {
    tellError(error);
    setTimeout(() => process.exit(1), 100);
  });
}

/** In a child: closes what it holds (each in turn), tells the parent `closed` and exits. */
export async function closeAndExit(closers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const close of closers) await close();
  tell({ type: 'closed' });
  setTimeout(() => process.exit(0), 50);
}

/** In a child: the next message of this type from the parent. */
export function fromParent<T extends BenchMessage>(type: T['type']): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as BenchMessage).type !== type) return;
      process.off('message', onMessage);
      resolve(message as T);
    };
    process.on('message', onMessage);
  });
}

/** In a child: any failure goes to the parent as an error message, then the process ends. */
export function childMain(body: () => Promise<void>): void {
  // The parent decides when we stop; if it dies, so do we.
  process.on('disconnect', () => process.exit(0));
  // An orderly exit on SIGTERM, so that a --cpu-prof profile is still written.
  process.once('SIGTERM', () => process.exit(143));
  body().catch((error: unknown) => {
    tell({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) } as BenchMessage);
    setTimeout(() => process.exit(1), 100);
  });
}

export interface OwnedService {
  pid: number;
  /** Whether the process has exited (at start, a failed launch). */
  exited(): boolean;
  /** SIGTERM, SIGKILL after 5 s, then the service's directory is removed. */
  stop(): Promise<void>;
}

/**
 * A peer server the bench starts (influxd, Node-RED) with its output appended to `logFile`:
 * stopped at cleanup whatever way the bench ends, its directory `dir` removed with it.
 */
export function spawnService(name: string, command: string, args: readonly string[], logFile: string, dir: string): OwnedService {
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(command, [...args], { stdio: ['ignore', log, log] });
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  onCleanup(name, stop, () => {
    if (!exited) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return { pid: child.pid ?? -1, exited: () => exited, stop };
}
