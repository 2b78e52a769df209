const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Lowercase base32 ids: safe in MQTT topics, file names, URLs and SQL identifiers,
 * which is where tenant ids end up.
 */
export function newId(prefix: string, length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return `${prefix}_${Array.from(bytes, (b) => ALPHABET[b & 31]).join('')}`;
}

/** Time-ordered ids for append-only records: sortable by creation, unique within a millisecond. */
export function newSortableId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${newId('', 10).slice(1)}`;
}
