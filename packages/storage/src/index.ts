export type { ObjectStorage, StoredObject } from './object-storage.ts';
export { ObjectKeyError, checkObjectKey } from './object-key.ts';
export { createLocalObjectStorage } from './local-object-storage.ts';
