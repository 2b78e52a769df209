import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { reclaimOrphanEmulator, removeEmulatorRecord, writeEmulatorRecord } from './emulator-pid-file.ts';
import { watchdogArgs } from './emulator-watchdog.ts';
import { freePorts } from './free-ports.ts';

export interface AuthEmulatorOptions {
  /** Must be a demo-* project: only those run fully offline. */
  projectId: string;
  /** Auth emulator port; a free port when omitted. */
  port?: number;
  /** Working directory of firebase-tools (its firebase-debug.log lands there); a temp dir when omitted. */
  cwd?: string;
  /** How long to wait for the emulator to answer; defaults to 60 s (a cold start takes several seconds). */
  readyTimeoutMs?: number;
  /**
   * Keeps the emulator's accounts here across restarts (imported at start, exported on stop),
   * so people who signed up keep their accounts as long as their memberships. Tests leave it out.
   */
  dataDir?: string;
  /**
   * Records the emulator's pid and ours here while it runs, so that a start after a crash of
   * this process can stop the emulator it left (see reclaimOrphanEmulator). Tests leave it out.
   */
  pidFile?: string;
}

export interface AuthEmulator {
  /** '127.0.0.1:PORT', the form FIREBASE_AUTH_EMULATOR_HOST takes. */
  host: string;
  projectId: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const OUTPUT_LINES_KEPT = 40;
const POLL_INTERVAL_MS = 200;
const STOP_GRACE_MS = 10_000;

/**
 * Starts the Firebase Auth emulator from the installed firebase-tools. The hub and
 * logging ports it also opens are always free ports, because the defaults (4400, 4500)
 * may belong to other services on the machine.
 */
export async function startAuthEmulator(options: AuthEmulatorOptions): Promise<AuthEmulator> {
  const { projectId } = options;
  if (!projectId.startsWith('demo-')) {
    throw new Error(`The Auth emulator only runs for demo-* projects (offline, no credentials); got "${projectId}"`);
  }
  if (options.pidFile) await reclaimOrphanEmulator(options.pidFile, STOP_GRACE_MS);
  const [authPort, hubPort, loggingPort] = await pickPorts(options.port);
  const workDir = await mkdtemp(join(tmpdir(), 'facilflow-auth-emulator-'));
  const configPath = join(workDir, 'firebase.json');
  await writeFile(configPath, JSON.stringify(emulatorConfig(authPort, hubPort, loggingPort), null, 2));

  const child = spawn(
    process.execPath,
    watchdogArgs([
      firebaseToolsBin(),
      'emulators:start',
      '--only',
      'auth',
      '--project',
      projectId,
      '--config',
      configPath,
      '--non-interactive',
      ...(options.dataDir ? persistence(options.dataDir) : []),
    ], STOP_GRACE_MS),
    {
      cwd: options.cwd ?? workDir,
      // Own process group, so stop() also ends anything firebase-tools spawns.
      detached: true,
      // stdin is the watchdog's line to this process: it closes when this process dies, however.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NO_UPDATE_NOTIFIER: '1',
        // firebase-tools skips its online message-of-the-day fetch under CI.
        CI: 'true',
        // A private config store has no "usage" consent, which keeps telemetry off.
        XDG_CONFIG_HOME: join(workDir, 'config'),
        // The hub writes a per-project locator file to the temp dir; a private one lets
        // several emulators for the same project run side by side (npm start and tests).
        TMPDIR: workDir,
      },
    },
  );
  const watch = watchChild(child);
  const { pidFile } = options;
  if (pidFile && child.pid !== undefined) writeEmulatorRecord(pidFile, { pid: child.pid, ownerPid: process.pid, port: authPort });
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      await terminate(child);
      if (pidFile && child.pid !== undefined) removeEmulatorRecord(pidFile, child.pid);
      await rm(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const host = `${HOST}:${authPort}`;
  try {
    await waitUntilReady(host, watch, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, projectId, stop };
}

async function pickPorts(authPort: number | undefined): Promise<[number, number, number]> {
  const [a, b, c] = await freePorts(3, HOST);
  if (a === undefined || b === undefined || c === undefined) throw new Error('Could not find free ports');
  return [authPort ?? a, b, c];
}

function emulatorConfig(authPort: number, hubPort: number, loggingPort: number): object {
  return {
    emulators: {
      auth: { host: HOST, port: authPort },
      hub: { host: HOST, port: hubPort },
      logging: { host: HOST, port: loggingPort },
      ui: { enabled: false },
      singleProjectMode: true,
    },
  };
}

function firebaseToolsBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('firebase-tools/package.json');
  return join(dirname(packageJson), 'lib', 'bin', 'firebase.js');
}

interface ChildWatch {
  /** The last output lines, for error messages. */
  lines(): string;
  /** Why the process is gone, or undefined while it runs. */
  ended(): string | undefined;
}

function watchChild(child: ChildProcess): ChildWatch {
  const kept: string[] = [];
  let spawnError: string | undefined;
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      kept.push(line.trimEnd());
      if (kept.length > OUTPUT_LINES_KEPT) kept.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('error', (error) => {
    spawnError = error.message;
  });
  return {
    lines: () => (kept.length > 0 ? kept.join('\n') : '(no output)'),
    ended: () => {
      if (spawnError !== undefined) return `could not be started: ${spawnError}`;
      if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
      if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
      return undefined;
    },
  };
}

async function waitUntilReady(host: string, watch: ChildWatch, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ended = watch.ended();
    if (ended !== undefined) {
      throw new Error(`The Auth emulator ${ended} before it was ready. Last output:\n${watch.lines()}`);
    }
    if (await answersReady(host)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`The Auth emulator did not answer on ${host} within ${timeoutMs} ms. Last output:\n${watch.lines()}`);
}

async function answersReady(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return isReadyBody(body);
  } catch {
    // Not listening yet.
    return false;
  }
}

function isReadyBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('authEmulator' in body)) return false;
  const { authEmulator } = body;
  return typeof authEmulator === 'object' && authEmulator !== null && 'ready' in authEmulator && authEmulator.ready === true;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** firebase-tools refuses --import of a directory that holds no export yet, so the first run only exports. */
function persistence(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const hasExport = existsSync(join(dir, 'firebase-export-metadata.json'));
  return [...(hasExport ? ['--import', dir] : []), '--export-on-exit', dir];
}
