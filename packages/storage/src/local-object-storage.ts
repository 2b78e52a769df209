import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { checkObjectKey, checkPrefix, checkTenantId, ObjectKeyError } from './object-key.ts';
import type { ObjectStorage, StoredObject } from './object-storage.ts';

// The content type travels beside the object, so a download is served as what was stored.
const META_SUFFIX = '.ff-meta.json';
const MAX_LIST = 10_000;

interface ObjectMeta {
  contentType: string;
}

/**
 * The embedded default: objects as files under `<root>/tenants/<tenantId>/<key>`, written to a
 * temporary name and renamed, so a reader or a crash never sees half a file.
 */
export function createLocalObjectStorage(options: { root: string }): ObjectStorage {
  const tenantRoot = (tenantId: string) => join(options.root, 'tenants', checkTenantId(tenantId));
  const pathOf = (tenantId: string, key: string) => {
    const parts = checkObjectKey(key).split('/');
    // Names this provider keeps for itself: a key may not pass for an object's metadata or a write in progress.
    if (key.endsWith(META_SUFFIX) || parts.some((part) => part.startsWith('.tmp-'))) throw new ObjectKeyError(`"${key}" is a name the local provider keeps for itself`);
    return join(tenantRoot(tenantId), ...parts);
  };

  async function describe(tenantId: string, key: string, path: string): Promise<StoredObject | null> {
    try {
      const [facts, metaText] = await Promise.all([stat(path), readFile(`${path}${META_SUFFIX}`, 'utf8').catch(() => null)]);
      if (!facts.isFile()) return null;
      const meta = metaText ? (JSON.parse(metaText) as ObjectMeta) : { contentType: 'application/octet-stream' };
      return { key, bytes: facts.size, contentType: meta.contentType, storedAt: facts.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async function walk(directory: string, found: string[], limit: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    entries.sort((first, second) => first.name.localeCompare(second.name));
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path, found, limit);
      else if (entry.isFile() && !entry.name.endsWith(META_SUFFIX) && !entry.name.startsWith('.tmp-')) found.push(path);
    }
  }

  return {
    kind: 'local',
    async put(tenantId, key, object, signal) {
      signal?.throwIfAborted();
      const path = pathOf(tenantId, key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.tmp-${randomUUID()}`);
      await writeFile(temporary, object.bytes, { signal });
      await writeFile(`${path}${META_SUFFIX}`, JSON.stringify({ contentType: object.contentType } satisfies ObjectMeta));
      await rename(temporary, path);
      return { key, bytes: object.bytes.byteLength, contentType: object.contentType, storedAt: new Date() };
    },
    async get(tenantId, key, signal) {
      const path = pathOf(tenantId, key);
      const object = await describe(tenantId, key, path);
      if (!object) return null;
      return { object, bytes: new Uint8Array(await readFile(path, { signal })) };
    },
    async list(tenantId, prefix, listOptions) {
      checkPrefix(prefix);
      const limit = Math.min(listOptions?.limit ?? 1000, MAX_LIST);
      const base = tenantRoot(tenantId);
      // Walk only the prefix's directory part; the rest of the prefix filters names.
      const directoryPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const paths: string[] = [];
      await walk(directoryPart ? join(base, ...directoryPart.split('/')) : base, paths, MAX_LIST);
      const objects: StoredObject[] = [];
      for (const path of paths) {
        const key = relative(base, path).split(sep).join('/');
        if (!key.startsWith(prefix)) continue;
        const object = await describe(tenantId, key, path);
        if (object) objects.push(object);
        if (objects.length >= limit) break;
      }
      return objects;
    },
    async delete(tenantId, key) {
      const path = pathOf(tenantId, key);
      const existed = (await describe(tenantId, key, path)) !== null;
      await rm(path, { force: true });
      await rm(`${path}${META_SUFFIX}`, { force: true });
      return existed;
    },
    close: () => Promise.resolve(),
  };
}
