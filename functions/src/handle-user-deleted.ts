import type { TenantDirectory } from '@facilflow/auth/directory';

/** Removes the deleted user's profile; false when they had none. */
export function handleUserDeleted(user: { uid: string }, deps: { directory: TenantDirectory }): Promise<boolean> {
  return deps.directory.deleteProfile(user.uid);
}
