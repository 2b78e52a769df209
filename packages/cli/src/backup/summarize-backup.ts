import type { BackupManifest } from '@facilflow/platform';

export interface BackupSummary {
  dir: string;
  createdAt: string;
  takenBy: BackupManifest['takenBy'];
  files: number;
  bytes: number;
  tenants: Array<{ tenantId: string; tables: number; rows: number }>;
}

/** What the operator reads after a backup or restore; the manifest itself holds every file. */
export function summarizeBackup(dir: string, manifest: BackupManifest): BackupSummary {
  return {
    dir,
    createdAt: manifest.createdAt,
    takenBy: manifest.takenBy,
    files: manifest.files.length,
    bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
    tenants: manifest.files.flatMap((file) => (file.tenantId === undefined ? [] : [{ tenantId: file.tenantId, tables: file.tables ?? 0, rows: file.rows ?? 0 }])),
  };
}
