import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { onCleanup } from './cleanup.ts';

/** A database of the bench's own on the PostgreSQL server (`<prefix>_<random>`), dropped at cleanup. */
export async function scratchDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  onCleanup(`database ${name}`, async () => {
    const dropper = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    try {
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await dropper.end({ timeout: 1 });
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
