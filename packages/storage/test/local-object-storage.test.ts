import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStorage, ObjectKeyError, type ObjectStorage } from '../src/index.ts';

describe('local object storage', () => {
  let root: string;
  let storage: ObjectStorage;
  const bytes = new TextEncoder().encode('line,kwh\r\nLine1,120\r\n');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ff-objects-'));
    storage = createLocalObjectStorage({ root });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores, reads back with its content type, lists by prefix and deletes', async () => {
    await storage.put('tenant-a', 'exports/energy/2026-12-01.csv', { bytes, contentType: 'text/csv' });
    await storage.put('tenant-a', 'exports/oee/2026-12-01.csv', { bytes, contentType: 'text/csv' });
    const read = await storage.get('tenant-a', 'exports/energy/2026-12-01.csv');
    expect(read?.object).toMatchObject({ key: 'exports/energy/2026-12-01.csv', bytes: bytes.byteLength, contentType: 'text/csv' });
    expect(new TextDecoder().decode(read?.bytes)).toBe('line,kwh\r\nLine1,120\r\n');
    expect((await storage.list('tenant-a', 'exports/energy/')).map((object) => object.key)).toEqual(['exports/energy/2026-12-01.csv']);
    expect((await storage.list('tenant-a', 'exports/')).map((object) => object.key)).toEqual(['exports/energy/2026-12-01.csv', 'exports/oee/2026-12-01.csv']);
    expect(await storage.delete('tenant-a', 'exports/energy/2026-12-01.csv')).toBe(true);
    expect(await storage.get('tenant-a', 'exports/energy/2026-12-01.csv')).toBeNull();
    expect(await storage.delete('tenant-a', 'exports/energy/2026-12-01.csv')).toBe(false);
  });

  it("keeps tenants apart: the same key is another object, and one tenant's list never shows another's", async () => {
    await storage.put('tenant-a', 'report.csv', { bytes, contentType: 'text/csv' });
    expect(await storage.get('tenant-b', 'report.csv')).toBeNull();
    expect(await storage.list('tenant-b', '')).toEqual([]);
    expect(await storage.delete('tenant-b', 'report.csv')).toBe(false);
    expect(await storage.get('tenant-a', 'report.csv')).not.toBeNull();
  });

  it('refuses keys and tenant ids that could leave the prefix', async () => {
    for (const key of ['../tenant-b/report.csv', '/etc/passwd', 'a//b', 'a/./b', 'a\\b', '', 'x'.repeat(513), 'r.csv.ff-meta.json', 'a/.tmp-1']) {
      await expect(storage.put('tenant-a', key, { bytes, contentType: 'text/csv' })).rejects.toBeInstanceOf(ObjectKeyError);
    }
    await expect(storage.put('../tenant-b', 'report.csv', { bytes, contentType: 'text/csv' })).rejects.toBeInstanceOf(ObjectKeyError);
    await expect(storage.list('tenant-a', '../')).rejects.toBeInstanceOf(ObjectKeyError);
  });

  it('leaves no temporary file behind and replaces an object whole', async () => {
    await storage.put('tenant-a', 'r.csv', { bytes, contentType: 'text/csv' });
    await storage.put('tenant-a', 'r.csv', { bytes: new Uint8Array([1, 2, 3]), contentType: 'application/octet-stream' });
    expect((await storage.get('tenant-a', 'r.csv'))?.object).toMatchObject({ bytes: 3, contentType: 'application/octet-stream' });
    expect((await readdir(join(root, 'tenants', 'tenant-a'))).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });
});
