import { randomBytes } from 'node:crypto';
import type { Role } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { TestPlatform } from '@facilflow/testkit';

/** A member backed by a real Auth emulator account, so claims can be set on it. */
export async function realMember(t: TestPlatform, tenantId: string, role: Role): Promise<Principal> {
  if (role === 'agent' || role === 'service') {
    const principal = await t.runtime.authenticate(await t.apiKey(tenantId, 'service'));
    return { ...principal, role };
  }
  const user = await t.signUp();
  await t.platform.services.directory.addMember(tenantId, { uid: user.uid, email: user.email, role });
  return { actor: { type: 'user', uid: user.uid, email: user.email }, tenantId, role };
}

export function uniqueEmail(): string {
  return `invitee-${randomBytes(5).toString('hex')}@example.test`;
}
