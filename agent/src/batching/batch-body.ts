import type { AgentConfig, FieldValue } from '@facilflow/contracts';
import { Packr } from 'msgpackr';

export type BatchEncoding = AgentConfig['batch']['encoding'];

/** One series of a closed batch: its points as columns, every column as long as `times`. */
export interface SeriesColumns {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  times: number[];
  fields: Map<string, Array<FieldValue | null>>;
}

/**
 * What the buffer keeps of a batch: its `series` (telemetry batch v2), already encoded for the
 * wire, behind one byte that says how. The publisher adds the envelope (v, agentId, seq, sentAt)
 * when it sends, in the same encoding. A body buffered by an agent from before v2 has no such
 * byte: it is the JSON array of v1 points, starting with `[`, and still goes out as v1.
 */
export const BODY_FORMATS = { jsonV2: 0x02, msgpackV2: 0x03 } as const;
export type BodyFormat = 'json-v1' | 'json-v2' | 'msgpack-v2';

// Plain maps and arrays, no records (an msgpackr extension other decoders do not read, and ingest refuses).
const packr = new Packr({ useRecords: false });

export function encodeBatchBody(series: readonly SeriesColumns[], encoding: BatchEncoding): Buffer {
  if (encoding === 'msgpack') {
    const plain = series.map((one) => ({ m: one.measurement, tags: one.tags, times: one.times, fields: Object.fromEntries(one.fields) }));
    return Buffer.concat([FORMAT_BYTE.msgpackV2, packr.pack(plain)]);
  }
  const parts = series.map((one) => {
    const fields = [...one.fields].map(([name, values]) => `${JSON.stringify(name)}:${JSON.stringify(values)}`).join(',');
    return `{"m":${JSON.stringify(one.measurement)},"tags":${JSON.stringify(one.tags)},"times":${JSON.stringify(one.times)},"fields":{${fields}}}`;
  });
  return Buffer.concat([FORMAT_BYTE.jsonV2, Buffer.from(`[${parts.join(',')}]`)]);
}

/** The format of a buffered body and its content (the v2 series, or the v1 points), without a copy. */
export function readBatchBody(body: Buffer): { format: BodyFormat; content: Buffer } {
  if (body[0] === BODY_FORMATS.jsonV2) return { format: 'json-v2', content: body.subarray(1) };
  if (body[0] === BODY_FORMATS.msgpackV2) return { format: 'msgpack-v2', content: body.subarray(1) };
  return { format: 'json-v1', content: body };
}

const FORMAT_BYTE = { jsonV2: Buffer.from([BODY_FORMATS.jsonV2]), msgpackV2: Buffer.from([BODY_FORMATS.msgpackV2]) };
