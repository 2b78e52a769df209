/** Parsing of the raw (Buffer) replies of XREADGROUP and XINFO GROUPS: ioredis leaves them untyped. */

export interface StreamEntry {
  key: string;
  id: string;
  /** The `b` field: the encoded batches. */
  data: Buffer;
}

export function readGroupEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const stream of reply) {
    if (!Array.isArray(stream) || stream.length < 2) continue;
    const key = text(stream[0]);
    const items: unknown = stream[1];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (!Array.isArray(item) || item.length < 2) continue;
      const id = text(item[0]);
      const fields: unknown = item[1];
      // A pending entry trimmed away before it was read again comes back with no fields.
      if (!Array.isArray(fields)) {
        entries.push({ key, id, data: Buffer.alloc(0) });
        continue;
      }
      let data: Buffer = Buffer.alloc(0);
      for (let i = 0; i + 1 < fields.length; i += 2) {
        if (text(fields[i]) === 'b') data = Buffer.isBuffer(fields[i + 1]) ? (fields[i + 1] as Buffer) : Buffer.from(text(fields[i + 1]));
      }
      entries.push({ key, id, data });
    }
  }
  return entries;
}

export interface GroupInfo {
  name: string;
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group (Redis 7); null when Redis cannot tell (entries were trimmed). */
  lag: number | null;
}

export function groupInfos(reply: unknown): GroupInfo[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((group: unknown) => {
    if (!Array.isArray(group)) return [];
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < group.length; i += 2) fields.set(text(group[i]), group[i + 1]);
    const lag = fields.get('lag');
    return [
      {
        name: text(fields.get('name')),
        pending: Number(fields.get('pending') ?? 0),
        lastDeliveredId: text(fields.get('last-delivered-id') ?? '0-0'),
        lag: lag === null || lag === undefined ? null : Number(lag),
      },
    ];
  });
}

/** The milliseconds part of a stream id (`1700000000000-3`). */
export function idTime(id: string): number {
  return Number(id.split('-')[0] ?? 0);
}

function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : String(value);
}
