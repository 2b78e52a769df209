import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/**
 * The demo owner's Firebase uid: random, made once per data dir. Emulator tokens are unsigned,
 * so a uid anyone can guess would let anyone who reaches the server act as the owner.
 */
export function demoOwnerUid(dataDir: string): string {
  return readOrCreateSecretFile(join(dataDir, 'demo-owner-uid'), () => `demo-owner-${randomBytes(16).toString('hex')}`);
}
