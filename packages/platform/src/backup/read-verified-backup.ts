import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacilFlowError } from '@facilflow/contracts';
import { backupManifestSchema, MANIFEST_FILE, sha256OfFile, type BackupManifest } from './backup-manifest.ts';

/**
 * The backup's manifest, once every file it lists is there with its size and SHA-256:
 * nothing is restored from a backup that was cut short, altered or damaged.
 */
export async function readVerifiedBackup(backupDir: string): Promise<BackupManifest> {
  const manifest = parseManifest(backupDir);
  const databases = manifest.files.filter((file) => file.kind === 'platform-database');
  if (databases.length !== 1) throw new FacilFlowError('INVALID', `The backup in ${backupDir} lists ${databases.length} platform databases, not one`);
  for (const file of manifest.files) {
    const actual = await sha256OfFile(join(backupDir, file.path)).catch(() => undefined);
    if (!actual) throw new FacilFlowError('INVALID', `The backup in ${backupDir} is missing ${file.path}`);
    if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256) {
      throw new FacilFlowError('INVALID', `${file.path} in ${backupDir} does not match its checksum in ${MANIFEST_FILE}: the backup was altered or damaged`);
    }
  }
  return manifest;
}

function parseManifest(backupDir: string): BackupManifest {
  let text: string;
  try {
    text = readFileSync(join(backupDir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new FacilFlowError('INVALID', `${backupDir} holds no ${MANIFEST_FILE}: it is not a finished FacilFlow backup`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FacilFlowError('INVALID', `${join(backupDir, MANIFEST_FILE)} is not JSON`);
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FacilFlowError('INVALID', `${join(backupDir, MANIFEST_FILE)} is not a FacilFlow backup manifest: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
