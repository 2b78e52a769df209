export * from './backup-manifest.ts';
export * from './embedded-paths.ts';
export * from './local-control.ts';
export * from './read-verified-backup.ts';
export * from './restore-backup.ts';
export * from './take-backup.ts';
export * from './running-server.ts';
export * from './take-offline-backup.ts';
