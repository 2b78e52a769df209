import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A TypeScript entry point of this repository in a process of its own, its stdout read line by line. */
export interface ChildScript {
  child: ChildProcess;
  /** Resolves with the rest of the first line starting with `prefix`; rejects if the process ends first. */
  lineStarting(prefix: string): Promise<string>;
  output(): string;
  exited: Promise<Exit>;
}

/** Runs `script` (a path from the repository root) from its sources, as tests must (`--conditions=facilflow-source --import tsx`). */
export function runScript(script: string, args: readonly string[], env: Record<string, string | undefined>): ChildScript {
  const child = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', script, ...args], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of waiting) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let closed = false;
  // 'close', not 'exit': output written just before the exit is read by then.
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  void exited.then(() => {
    closed = true;
    for (const check of waiting) check();
  });

  return {
    child,
    output: () => text,
    exited,
    lineStarting(prefix) {
      return new Promise((resolve, reject) => {
        const check = () => {
          // Complete lines only: a line still being written could be cut short.
          const line = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').find((l) => l.startsWith(prefix));
          if (line !== undefined) {
            waiting.delete(check);
            resolve(line.slice(prefix.length).trim());
          } else if (closed) {
            waiting.delete(check);
            reject(new Error(`${script} ended before printing "${prefix}":\n${text}`));
          }
        };
        waiting.add(check);
        check();
      });
    },
  };
}
