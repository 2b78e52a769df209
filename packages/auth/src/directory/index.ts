export type { NewInvite, NewTenant, TenantDirectory } from './tenant-directory.ts';
export { createPostgresDirectory } from './postgres-directory.ts';
export { createFirestoreDirectory } from './firestore-directory.ts';
