import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * The commit offset: the first sequence number not yet acknowledged (or dropped). Two fixed
 * 24-byte slots, [u64 firstUnacked][u64 generation][u32 CRC-32 of the 16 bytes before][u32 0],
 * written alternately and fsync'd: a write torn by a crash spoils only the slot being written,
 * and the other one still holds the previous offset. Reading takes the valid slot with the
 * higher generation. Overwriting in place (no temp file and rename) keeps an acknowledgement
 * down to one small write and one fdatasync.
 */
const SLOT_BYTES = 24;

export interface AckFile {
  readonly firstUnacked: number;
  write(firstUnacked: number): Promise<void>;
  close(): Promise<void>;
}

export async function openAckFile(path: string): Promise<AckFile> {
  // Positional writes need a handle that is not in append mode: 'r+', or 'w+' for a new file.
  const handle = await open(path, 'r+').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return open(path, 'w+');
    throw e;
  });
  const { firstUnacked, generation } = await readSlots(handle);
  let current = { firstUnacked, generation };
  return {
    get firstUnacked() {
      return current.firstUnacked;
    },
    async write(next) {
      const slot = Buffer.alloc(SLOT_BYTES);
      const nextGeneration = current.generation + 1;
      slot.writeBigUInt64LE(BigInt(next), 0);
      slot.writeBigUInt64LE(BigInt(nextGeneration), 8);
      slot.writeUInt32LE(crc32(slot.subarray(0, 16)), 16);
      await handle.write(slot, 0, SLOT_BYTES, (nextGeneration % 2) * SLOT_BYTES);
      await handle.datasync();
      current = { firstUnacked: next, generation: nextGeneration };
    },
    close: () => handle.close(),
  };
}

async function readSlots(handle: FileHandle): Promise<{ firstUnacked: number; generation: number }> {
  const bytes = Buffer.alloc(2 * SLOT_BYTES);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
  let best = { firstUnacked: 0, generation: 0 };
  for (let offset = 0; offset + SLOT_BYTES <= bytesRead; offset += SLOT_BYTES) {
    const slot = bytes.subarray(offset, offset + SLOT_BYTES);
    if (crc32(slot.subarray(0, 16)) !== slot.readUInt32LE(16)) continue;
    const generation = Number(slot.readBigUInt64LE(8));
    if (generation > best.generation) best = { firstUnacked: Number(slot.readBigUInt64LE(0)), generation };
  }
  return best;
}
