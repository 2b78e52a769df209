import duckdb from '@duckdb/node-bindings';

/**
 * Column buffers for the write path, laid out exactly as DuckDB vectors hold their data,
 * so a chunk of up to 2048 rows goes into a vector with one copy per column instead of
 * one native call per value (the per-value appender measured several times slower on a
 * 15-column row). Byte layouts assume a little-endian machine, which every platform the
 * DuckDB bindings ship for is.
 *
 * Rows never set in a column are NULL: buffers start zeroed and `valid` marks set rows.
 * Buffers are reused from one write to the next (fresh multi-megabyte buffers cost more in
 * page faults and garbage collection than the staging itself), so `clear` zeroes them again.
 */
export interface ColumnStage {
  set(row: number, value: unknown): void;
  grow(capacity: number): void;
  /** Makes rows [0, rows) unset again. */
  clear(rows: number): void;
  /** Copies rows [from, from + count) into `vector`, rows numbered from 0. */
  writeTo(vector: duckdb.Vector, from: number, count: number): void;
}

const textEncoder = new TextEncoder();
/** DuckDB keeps strings of up to 12 bytes inside the 16-byte string_t, with no heap pointer. */
const INLINE_STRING_BYTES = 12;

abstract class NullableStage implements ColumnStage {
  protected valid: Uint8Array<ArrayBuffer>;

  constructor(capacity: number) {
    this.valid = new Uint8Array(capacity);
  }

  set(row: number, value: unknown): void {
    this.valid[row] = 1;
    this.store(row, value);
  }

  grow(capacity: number): void {
    this.valid = grown(this.valid, capacity);
    this.growValues(capacity);
  }

  clear(rows: number): void {
    // Values under an unset mark are never read, so the marks are all there is to reset.
    this.valid.fill(0, 0, rows);
  }

  writeTo(vector: duckdb.Vector, from: number, count: number): void {
    this.copyValues(vector, from, count);
    // A column this write has no value for at all is all NULL too: the vector would otherwise
    // present whatever the reused buffer held as values.
    if (!this.hasNulls(from, count)) return;
    const bits = new Uint8Array(Math.ceil(count / 64) * 8).fill(0xff);
    for (let row = 0; row < count; row++) {
      if (this.valid[from + row] === 0) bits[row >> 3]! &= ~(1 << (row & 7));
    }
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, bits.buffer, 0, bits.byteLength);
  }

  private hasNulls(from: number, count: number): boolean {
    return this.valid.subarray(from, from + count).includes(0);
  }

  protected abstract store(row: number, value: unknown): void;
  protected abstract growValues(capacity: number): void;
  protected abstract copyValues(vector: duckdb.Vector, from: number, count: number): void;
}

export class DoubleStage extends NullableStage {
  private values: Float64Array<ArrayBuffer>;

  constructor(capacity: number) {
    super(capacity);
    this.values = new Float64Array(capacity);
  }

  protected store(row: number, value: unknown): void {
    this.values[row] = value as number;
  }

  protected growValues(capacity: number): void {
    this.values = grown(this.values, capacity);
  }

  protected copyValues(vector: duckdb.Vector, from: number, count: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.values.buffer, from * 8, count * 8);
  }
}

export class BooleanStage extends NullableStage {
  private values: Uint8Array<ArrayBuffer>;

  constructor(capacity: number) {
    super(capacity);
    this.values = new Uint8Array(capacity);
  }

  protected store(row: number, value: unknown): void {
    this.values[row] = value === true ? 1 : 0;
  }

  protected growValues(capacity: number): void {
    this.values = grown(this.values, capacity);
  }

  protected copyValues(vector: duckdb.Vector, from: number, count: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.values.buffer, from, count);
  }
}

/**
 * VARCHAR as DuckDB's 16-byte string_t: a 4-byte length, then up to 12 bytes inline.
 * Short strings (most tag values) are written straight into the buffer; longer ones
 * need DuckDB to allocate them, so they are assigned one call each after the copy.
 */
export class VarcharStage extends NullableStage {
  private bytes: Uint8Array<ArrayBuffer>;
  private view: DataView;
  private readonly longRows: number[] = [];
  private readonly longValues: string[] = [];

  constructor(capacity: number) {
    super(capacity);
    this.bytes = new Uint8Array(capacity * 16);
    this.view = new DataView(this.bytes.buffer);
  }

  protected store(row: number, value: unknown): void {
    const text = value as string;
    const offset = row * 16;
    if (text.length <= INLINE_STRING_BYTES && this.storeAscii(text, offset)) return;
    if (text.length <= INLINE_STRING_BYTES) {
      const { read, written } = textEncoder.encodeInto(text, this.bytes.subarray(offset + 4, offset + 16));
      if (read === text.length) {
        this.view.setUint32(offset, written, true);
        return;
      }
      this.bytes.fill(0, offset, offset + 16);
    }
    this.longRows.push(row);
    this.longValues.push(text);
  }

  private storeAscii(text: string, offset: number): boolean {
    const bytes = this.bytes;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) {
        bytes.fill(0, offset + 4, offset + 16);
        return false;
      }
      bytes[offset + 4 + i] = code;
    }
    this.view.setUint32(offset, text.length, true);
    return true;
  }

  protected growValues(capacity: number): void {
    this.bytes = grown(this.bytes, capacity * 16);
    this.view = new DataView(this.bytes.buffer);
  }

  override clear(rows: number): void {
    super.clear(rows);
    // Inline strings are compared as 16 raw bytes: the padding after them must be zero.
    this.bytes.fill(0, 0, rows * 16);
    this.longRows.length = 0;
    this.longValues.length = 0;
  }

  protected copyValues(vector: duckdb.Vector, from: number, count: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.bytes.buffer, from * 16, count * 16);
    // Long strings are few and in row order; find this chunk's share.
    for (let i = lowerBound(this.longRows, from); i < this.longRows.length && this.longRows[i]! < from + count; i++) {
      // By length, not as a C string: a NUL inside the text must not cut it short.
      duckdb.vector_assign_string_element_len(vector, this.longRows[i]! - from, textEncoder.encode(this.longValues[i]!));
    }
  }
}

/** TIMESTAMP: microseconds since the epoch as int64 (a time's decimals below the microsecond are rounded), written as two 32-bit halves (exact below 2^53). */
export class TimeStage implements ColumnStage {
  private words: Int32Array<ArrayBuffer>;

  constructor(capacity: number) {
    this.words = new Int32Array(capacity * 2);
  }

  set(row: number, value: unknown): void {
    const micros = Math.round((value as number) * 1000);
    this.words[row * 2] = micros % 0x1_0000_0000;
    this.words[row * 2 + 1] = Math.floor(micros / 0x1_0000_0000);
  }

  grow(capacity: number): void {
    this.words = grown(this.words, capacity * 2);
  }

  clear(): void {
    // Every row sets its time, so there is nothing to reset.
  }

  writeTo(vector: duckdb.Vector, from: number, count: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.words.buffer, from * 8, count * 8);
  }
}

function grown<T extends Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
