import { JSON_LIMITS, JsonLimitError, type JsonLimits } from '@facilflow/contracts';
import { Unpackr } from 'msgpackr';

/** The bytes are not MessagePack of plain data (truncated, trailing bytes, binary or extension types, a non-string key). */
export class MalformedMsgpackError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at byte ${at}`);
    this.name = 'MalformedMsgpackError';
  }
}

export function isMalformedMsgpackError(error: unknown): error is MalformedMsgpackError {
  return error instanceof MalformedMsgpackError;
}

// Plain maps become plain objects (a `__proto__` key is refused before, so none is renamed), no records, 64-bit integers as numbers (unsafe ones fail the point checks).
const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, int64AsType: 'number' });

/**
 * The MessagePack twin of parseBoundedJson: one forward pass over the bytes, never recursing,
 * refuses a message past the JSON limits (JsonLimitError: depth, values, string, array and map
 * sizes) or that is not one plain value (MalformedMsgpackError), before msgpackr decodes it.
 * So msgpackr only ever sees bytes nested at most `maxDepth` deep, holding only nil, booleans,
 * numbers, strings, arrays and maps with string keys: what JSON can say, nothing else.
 */
export function unpackBoundedMsgpack(bytes: Buffer, limits: Partial<JsonLimits> = {}): unknown {
  checkMsgpackLimits(bytes, { ...JSON_LIMITS, ...limits });
  return unpackr.unpack(bytes) as unknown;
}

/** Per open container, how many values are still to come (a map counts keys and values) and whether the next is a key. */
interface OpenContainer {
  remaining: number;
  isMap: boolean;
}

export function checkMsgpackLimits(bytes: Buffer, limits: JsonLimits): void {
  const open: OpenContainer[] = [];
  let nodes = 0;
  let position = 0;
  const readLength = (size: 1 | 2 | 4): number => {
    if (position + size > bytes.length) throw new MalformedMsgpackError('truncated length', position);
    const length = size === 1 ? bytes.readUInt8(position) : size === 2 ? bytes.readUInt16BE(position) : bytes.readUInt32BE(position);
    position += size;
    return length;
  };
  do {
    if (position >= bytes.length) throw new MalformedMsgpackError('truncated message', position);
    const container = open[open.length - 1];
    // In a map, every other value is a key (the counts go down two per entry).
    const isKey = container?.isMap === true && container.remaining % 2 === 0;
    const start = position;
    const token = bytes[position++]!;
    if (!isKey && ++nodes > limits.maxNodes) throw new JsonLimitError('maxNodes', limits.maxNodes);
    let stringLength: number | null = null;
    let opened: OpenContainer | null = null;
    if (token <= 0x7f || token >= 0xe0 || token === 0xc0 || token === 0xc2 || token === 0xc3) {
      // fixint, negative fixint, nil, false, true: the token is the value.
    } else if (token >= 0xa0 && token <= 0xbf) stringLength = token & 0x1f;
    else if (token === 0xd9) stringLength = readLength(1);
    else if (token === 0xda) stringLength = readLength(2);
    else if (token === 0xdb) stringLength = readLength(4);
    else if (token >= 0x90 && token <= 0x9f) opened = array(token & 0x0f, limits);
    else if (token === 0xdc) opened = array(readLength(2), limits);
    else if (token === 0xdd) opened = array(readLength(4), limits);
    else if (token >= 0x80 && token <= 0x8f) opened = map(token & 0x0f, limits);
    else if (token === 0xde) opened = map(readLength(2), limits);
    else if (token === 0xdf) opened = map(readLength(4), limits);
    else {
      const width = NUMBER_WIDTHS.get(token);
      if (width === undefined) throw new MalformedMsgpackError(`type 0x${token.toString(16)} (binary, extension or unused) is not plain data`, start);
      position += width;
    }
    if (isKey && stringLength === null) throw new MalformedMsgpackError('a map key must be a string', start);
    if (stringLength !== null) {
      if (stringLength > limits.maxStringLength) throw new JsonLimitError('maxStringLength', limits.maxStringLength);
      if (isKey && stringLength === PROTO.length && bytes.subarray(position, position + stringLength).equals(PROTO)) {
        throw new MalformedMsgpackError('a map key "__proto__" is refused', start);
      }
      position += stringLength;
    }
    if (position > bytes.length) throw new MalformedMsgpackError('truncated value', start);
    if (container) container.remaining--;
    if (opened && opened.remaining > 0) {
      if (open.length + 1 > limits.maxDepth) throw new JsonLimitError('maxDepth', limits.maxDepth);
      // Each value takes at least one byte: a count the rest of the message cannot hold is a lie.
      if (opened.remaining > bytes.length - position) throw new MalformedMsgpackError('a container longer than the message', start);
      open.push(opened);
    } else if (opened && open.length + 1 > limits.maxDepth) {
      throw new JsonLimitError('maxDepth', limits.maxDepth);
    }
    while (open.length > 0 && open[open.length - 1]!.remaining === 0) open.pop();
  } while (open.length > 0);
  if (position !== bytes.length) throw new MalformedMsgpackError('bytes after the message', position);
}

const PROTO = Buffer.from('__proto__');

/** Bytes after the token of the fixed-size number types: float 32/64, uint 8-64, int 8-64. */
const NUMBER_WIDTHS = new Map<number, number>([
  [0xca, 4],
  [0xcb, 8],
  [0xcc, 1],
  [0xcd, 2],
  [0xce, 4],
  [0xcf, 8],
  [0xd0, 1],
  [0xd1, 2],
  [0xd2, 4],
  [0xd3, 8],
]);

function array(length: number, limits: JsonLimits): OpenContainer {
  if (length > limits.maxArrayLength) throw new JsonLimitError('maxArrayLength', limits.maxArrayLength);
  return { remaining: length, isMap: false };
}

function map(length: number, limits: JsonLimits): OpenContainer {
  if (length > limits.maxObjectKeys) throw new JsonLimitError('maxObjectKeys', limits.maxObjectKeys);
  return { remaining: length * 2, isMap: true };
}
