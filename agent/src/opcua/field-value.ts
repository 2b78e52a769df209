import type { FieldValue } from '@facilflow/contracts';
import { DataType, VariantArrayType, type Variant } from 'node-opcua-client';

/** The longest string a field may hold (fieldValueSchema). */
const MAX_STRING = 4096;
const TWO_32 = 2 ** 32;

/**
 * A scalar OPC UA value as a telemetry field value (number, boolean or string), or undefined
 * when it has no faithful one: arrays, structures, null, NaN/±Infinity (not JSON numbers) and
 * strings over 4096 characters are not sent — the caller counts them instead.
 * 64-bit integers arrive as [high, low] words and become numbers: exact up to 2^53.
 */
export function fieldValueOf(variant: Variant): FieldValue | undefined {
  if (variant.arrayType !== VariantArrayType.Scalar) return undefined;
  const value: unknown = variant.value;
  switch (variant.dataType) {
    case DataType.Boolean:
      return typeof value === 'boolean' ? value : undefined;
    case DataType.SByte:
    case DataType.Byte:
    case DataType.Int16:
    case DataType.UInt16:
    case DataType.Int32:
    case DataType.UInt32:
    case DataType.Float:
    case DataType.Double:
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case DataType.Int64:
    case DataType.UInt64:
      return int64Of(value, variant.dataType === DataType.Int64);
    case DataType.String:
      return typeof value === 'string' && value.length <= MAX_STRING ? value : undefined;
    case DataType.LocalizedText:
      return textOf(value);
    case DataType.DateTime:
      return value instanceof Date && Number.isFinite(value.getTime()) ? value.getTime() : undefined;
    case DataType.StatusCode:
    case DataType.NodeId:
    case DataType.Guid:
    case DataType.QualifiedName:
      return value === null || value === undefined ? undefined : String(value);
    case DataType.ByteString: {
      const text = Buffer.isBuffer(value) ? value.toString('base64') : undefined;
      return text !== undefined && text.length <= MAX_STRING ? text : undefined;
    }
    default:
      return undefined;
  }
}

function int64Of(value: unknown, signed: boolean): number | undefined {
  if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'number') return undefined;
  const [high, low] = value as [number, number];
  return (signed && high >= 2 ** 31 ? high - TWO_32 : high) * TWO_32 + low;
}

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('text' in value)) return undefined;
  const text = (value as { text: unknown }).text;
  return typeof text === 'string' && text.length <= MAX_STRING ? text : undefined;
}
