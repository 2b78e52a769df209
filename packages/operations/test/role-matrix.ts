import type { Role } from '@facilflow/contracts';

const PEOPLE: Role[] = ['owner', 'admin', 'engineer', 'operator', 'viewer'];
const GOVERNORS: Role[] = ['owner', 'admin'];
const READERS: Role[] = [...PEOPLE, 'service'];

/**
 * Who may call what, written out by hand rather than derived from the abilities, so a
 * change to either side shows up here. An operation missing from this table fails the suite.
 */
export const ROLE_MATRIX: Record<string, readonly Role[]> = {
  'tenants.create': PEOPLE,
  'tenants.get': READERS,
  'tenants.switch': PEOPLE,
  'tenants.listMine': PEOPLE,
  'invites.accept': PEOPLE,
  'members.list': READERS,
  'members.invite': GOVERNORS,
  'members.updateRole': GOVERNORS,
  'members.remove': GOVERNORS,
  'apiKeys.create': GOVERNORS,
  'apiKeys.list': GOVERNORS,
  'apiKeys.revoke': GOVERNORS,
  'audit.list': GOVERNORS,
};
