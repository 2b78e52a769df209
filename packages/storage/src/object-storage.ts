/**
 * The object-storage port: files that pipelines export and people download. Every method takes
 * the tenant id from the caller's verified context and only touches keys under that tenant's
 * own prefix, so no key a tenant writes can name another tenant's object.
 */
export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  put(tenantId: string, key: string, object: { bytes: Uint8Array; contentType: string }, signal?: AbortSignal): Promise<StoredObject>;
  get(tenantId: string, key: string, signal?: AbortSignal): Promise<{ object: StoredObject; bytes: Uint8Array } | null>;
  list(tenantId: string, prefix: string, options?: { limit?: number; signal?: AbortSignal }): Promise<StoredObject[]>;
  delete(tenantId: string, key: string, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoredObject {
  key: string;
  bytes: number;
  contentType: string;
  storedAt: Date;
}
