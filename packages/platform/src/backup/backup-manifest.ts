import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

export const BACKUP_FORMAT = 'facilflow-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** Where each part sits inside a backup directory, and where it goes back in a data dir. */
export const BACKUP_LAYOUT = {
  platformDatabase: 'pglite.tar.gz',
  timeseriesDir: 'timeseries',
  secret: 'secret',
  demoApiKey: 'demo-api-key',
  authEmulatorDir: 'auth-emulator',
} as const;

export const backupFileKinds = ['platform-database', 'tenant-timeseries', 'secret', 'demo-api-key', 'auth-emulator'] as const;

/** A path inside the backup: relative, forward slashes, never climbing out of the directory. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), {
    message: 'must be a relative path inside the backup',
  });

export const backupFileSchema = z.object({
  path: relativePath,
  kind: z.enum(backupFileKinds),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** For a tenant's time series: whose, and what the snapshot held. */
  tenantId: z.string().optional(),
  tables: z.number().int().nonnegative().optional(),
  rows: z.number().int().nonnegative().optional(),
});
export type BackupFile = z.infer<typeof backupFileSchema>;

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.iso.datetime(),
  /** `server`: taken by the running server; `offline`: by the CLI with no server holding the data dir. */
  takenBy: z.enum(['server', 'offline']),
  files: z.array(backupFileSchema),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Streams the file, so a large tenant's time series never has to fit in memory to be checked. */
export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
