import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { ReorderBuffer, reorderBufferStateSchema } from './reorder-buffer.ts';
import { eventTimeOf } from './row-values.ts';
import { WatermarkTracker, watermarkStateSchema } from './watermark.ts';

export const orderedInputStateSchema = z.object({ watermark: watermarkStateSchema, pending: reorderBufferStateSchema });
export type OrderedInputState = z.infer<typeof orderedInputStateSchema>;

/**
 * One input of an order-sensitive stream stage: rows wait until the watermark passes them and come
 * out in event-time order; a row already behind the watermark when it arrives is late (the stage
 * sends it to its `late` port unchanged). Each row is judged against the watermark before it, so
 * the chunking never changes the outcome.
 */
export class OrderedInput {
  private readonly tracker: WatermarkTracker;
  private readonly buffer: ReorderBuffer;

  constructor(maxOutOfOrderMs: number, maxBufferedRows: number, restored?: OrderedInputState) {
    this.tracker = new WatermarkTracker(maxOutOfOrderMs, restored?.watermark);
    this.buffer = new ReorderBuffer(maxBufferedRows, restored?.pending);
  }

  get watermark(): number {
    return this.tracker.current;
  }

  accept(rows: readonly PipelineRow[]): { ready: PipelineRow[]; late: PipelineRow[] } {
    const late: PipelineRow[] = [];
    for (const row of rows) {
      const time = eventTimeOf(row);
      if (this.tracker.isBehind(time)) {
        late.push(row);
        continue;
      }
      this.buffer.add(row);
      this.tracker.observe(time);
    }
    return { ready: this.buffer.release(this.tracker.current), late };
  }

  advance(watermark: number): PipelineRow[] {
    this.tracker.advanceTo(watermark);
    return this.buffer.release(this.tracker.current);
  }

  snapshot(): OrderedInputState {
    return { watermark: this.tracker.snapshot(), pending: this.buffer.snapshot() };
  }
}
