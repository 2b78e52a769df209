import type { Config } from '@facilflow/config';

let counter = 0;

/** A fresh address per call, so tests never depend on each other's users. */
export function uniqueEmail(label: string): string {
  counter++;
  return `${label}-${counter}-${process.pid}@example.com`;
}

export const PASSWORD = 'correct-horse-battery';

export function emulatorFirebaseConfig(projectId: string, host: string): Config['firebase'] {
  return { projectId, webApiKey: 'demo-api-key', emulator: { host }, firestoreEmulatorHost: undefined };
}
