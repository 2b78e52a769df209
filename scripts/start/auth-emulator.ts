import { createServer } from 'node:net';
import type { Config } from '@facilflow/config';
import { StartError } from './start-error.ts';

export type EmulatorPlan =
  /** A real Firebase project: no emulator, and no demo account in it. */
  | { kind: 'none' }
  /** FIREBASE_AUTH_EMULATOR_HOST names one the developer runs. */
  | { kind: 'external'; host: string }
  | { kind: 'start'; host: string; port: number };

export function emulatorPlan(config: Config, env: NodeJS.ProcessEnv): EmulatorPlan {
  const emulator = config.firebase.emulator;
  if (!emulator) return { kind: 'none' };
  if (env.FIREBASE_AUTH_EMULATOR_HOST) return { kind: 'external', host: emulator.host };
  return { kind: 'start', host: emulator.host, port: Number(emulator.host.split(':').pop()) };
}

/** Fails fast with advice, before anything slow starts, when a port is taken. */
export async function assertPortFree(host: string, port: number, what: string, variable: string): Promise<void> {
  const free = await new Promise<boolean>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
  if (!free) {
    throw new StartError(
      `Port ${port} on ${host} is busy, so the ${what} cannot use it (is another "npm start" running?).\n` +
        `Stop what listens there, or pick another port: ${variable}=${port + 100} npm start`,
    );
  }
}
