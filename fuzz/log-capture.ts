import { describeError } from './outcome.ts';

/**
 * The runtime logs the cause of every INTERNAL under a reference and shows the caller only
 * the reference; the fuzz report needs the cause. While a run lasts, console.error and
 * console.warn are held here (hundreds of thousands of hostile calls would otherwise bury
 * the report) and the causes are kept by reference. `verbose` lets them through as well.
 */
export interface LogCapture {
  /** The logged cause behind "Internal error (ref …)", if the runtime logged one. */
  explain(message: string): string | undefined;
  /** Other errors logged since the last call (ingest, broker): unexpected ones become findings. */
  drain(): string[];
  restore(): void;
}

const REF = /\(ref ([a-z0-9]+)\)/;

export function captureLogs(verbose: boolean): LogCapture {
  const original = { error: console.error, warn: console.warn };
  const causes = new Map<string, string>();
  let logged: string[] = [];
  const hold =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      const first = typeof args[0] === 'string' ? args[0] : '';
      const ref = REF.exec(first)?.[1];
      const line = args.map((a) => (a instanceof Error ? describeError(a) : String(a))).join(' ');
      if (ref) {
        // "[operations] op failed (ref r): cause", the cause inline or as a further argument.
        causes.set(ref, line.slice(line.indexOf('): ') + 3));
        if (causes.size > 10_000) causes.delete(causes.keys().next().value as string);
      }
      // An INTERNAL reaches its caller and is reported there; an audit failure reaches no caller.
      if (level === 'error' && (!ref || line.includes('audit')) && logged.length < 1_000) logged.push(line);
      if (verbose) original[level](...args);
    };
  console.error = hold('error');
  console.warn = hold('warn');
  return {
    explain(message) {
      const ref = REF.exec(message)?.[1];
      return ref ? causes.get(ref) : undefined;
    },
    drain() {
      const out = logged;
      logged = [];
      return out;
    },
    restore() {
      console.error = original.error;
      console.warn = original.warn;
    },
  };
}
