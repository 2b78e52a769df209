const KEY_PART = /^[A-Za-z0-9_=.-]+$/;
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a key or tenant id cannot name an object. */
export class ObjectKeyError extends Error {
  override readonly name = 'ObjectKeyError';
}

/**
 * A key is `/`-separated parts of letters, digits and `_ = . -`, none of them `.` or `..`, at most
 * 512 characters: never absolute, never climbing out of the tenant's prefix, the same on a file
 * system and in a bucket.
 */
export function checkObjectKey(key: string): string {
  if (key.length === 0 || key.length > 512) throw new ObjectKeyError('an object key is 1 to 512 characters');
  for (const part of key.split('/')) {
    if (part === '' || part === '.' || part === '..' || !KEY_PART.test(part)) {
      throw new ObjectKeyError(`"${key}" is not an object key: parts of letters, digits and _ = . - separated by /, none empty, "." or ".."`);
    }
  }
  return key;
}

export function checkTenantId(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) throw new ObjectKeyError('not a tenant id');
  return tenantId;
}

/** A list prefix: empty, or a key's leading parts (with or without a trailing /). */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkObjectKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
