import type { TelemetryPoint, WrittenBatch } from '@facilflow/contracts';
import { Packr } from 'msgpackr';

interface EncodedBatch {
  tenantId: string;
  agentId: string | null;
  receivedAt: number;
  points: TelemetryPoint[];
}

// Records: a point's keys (m, tags, f, t) are written once per structure, not once per point.
const packr = new Packr({ useRecords: true, moreTypes: false });

/** MessagePack for what leaves the process (Redis entries, spilled segments): smaller and faster to write than JSON. */
export function encodeBatches(batches: readonly WrittenBatch[]): Buffer {
  return packr.pack(batches.map(toEncoded));
}

export function decodeBatches(bytes: Buffer): WrittenBatch[] {
  const decoded: unknown = packr.unpack(bytes);
  if (!Array.isArray(decoded)) throw new Error('written-telemetry entry is not a list of batches');
  return decoded.map(fromEncoded);
}

function toEncoded(batch: WrittenBatch): EncodedBatch {
  return { tenantId: batch.tenantId, agentId: batch.agentId, receivedAt: batch.receivedAt.getTime(), points: [...batch.points] };
}

function fromEncoded(value: unknown): WrittenBatch {
  if (typeof value !== 'object' || value === null) throw new Error('written-telemetry batch is not an object');
  const { tenantId, agentId, receivedAt, points } = value as Partial<EncodedBatch>;
  // The stream is written by FacilFlow alone; this guards against a foreign or older writer, not hostile input.
  if (typeof tenantId !== 'string' || (agentId !== null && typeof agentId !== 'string') || typeof receivedAt !== 'number' || !Array.isArray(points)) {
    throw new Error('written-telemetry batch has an unexpected shape');
  }
  return { tenantId, agentId: agentId ?? null, receivedAt: new Date(receivedAt), points };
}
