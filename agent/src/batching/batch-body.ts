import type { AgentConfig, FieldValue } from '@facilflow/contracts';
import { Packr } from 'msgpackr';
import type { TagBinding } from '../opcua/tag-binding.ts';

export type BatchEncoding = AgentConfig['batch']['encoding'];

/**
 * One series of a closed batch: its points as columns, every column as long as `times`.
 * `binding` is the first tag of the series seen in the batch (its measurement and tags are the
 * series'); `bindings[i]` names the field of `columns[i]`.
 */
export interface SeriesColumns {
  binding: TagBinding;
  times: number[];
  bindings: TagBinding[];
  columns: Array<Array<FieldValue | null>>;
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
    const plain = series.map((one) => ({
      m: one.binding.measurement,
      tags: one.binding.tags,
      times: one.times,
      fields: Object.fromEntries(one.bindings.map((binding, i) => [binding.field, one.columns[i]!])),
    }));
    return Buffer.concat([FORMAT_BYTE.msgpackV2, packr.pack(plain)]);
  }
  // Text built from the bindings' JSON and the values, the way the v1 agent built points: no object graph to stringify per batch.
  const parts = series.map((one) => {
    let fields = '';
    for (let i = 0; i < one.bindings.length; i++) fields += `${i === 0 ? '' : ','}${one.bindings[i]!.fieldJson}:[${columnJson(one.columns[i]!)}]`;
    return `${one.binding.seriesJson},"times":[${one.times.join(',')}],"fields":{${fields}}}`;
  });
  return Buffer.concat([FORMAT_BYTE.jsonV2, Buffer.from(`[${parts.join(',')}]`)]);
}

/** A column's values as JSON array items. The agent only produces finite numbers (field-value.ts), so `String` is their JSON. */
function columnJson(values: ReadonlyArray<FieldValue | null>): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    text += `${i === 0 ? '' : ','}${value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
  }
  return text;
}

/** The format of a buffered body and its content (the v2 series, or the v1 points), without a copy. */
export function readBatchBody(body: Buffer): { format: BodyFormat; content: Buffer } {
  if (body[0] === BODY_FORMATS.jsonV2) return { format: 'json-v2', content: body.subarray(1) };
  if (body[0] === BODY_FORMATS.msgpackV2) return { format: 'msgpack-v2', content: body.subarray(1) };
  return { format: 'json-v1', content: body };
}

const FORMAT_BYTE = { jsonV2: Buffer.from([BODY_FORMATS.jsonV2]), msgpackV2: Buffer.from([BODY_FORMATS.msgpackV2]) };
