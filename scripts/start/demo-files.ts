import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A small secret kept in the data dir between runs, readable only by its owner. */
export function readSecretFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function writeSecretFile(path: string, value: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
}

export function readOrCreateSecretFile(path: string, create: () => string): string {
  const existing = readSecretFile(path);
  if (existing) return existing;
  const value = create();
  writeSecretFile(path, value);
  return value;
}

export function newDemoPassword(): string {
  return `demo-${randomBytes(6).toString('hex')}`;
}
