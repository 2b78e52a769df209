import type { AgentConfig } from '@facilflow/contracts';

export type BatchLimits = AgentConfig['batch'];

/** Receives a closed batch: the JSON array text of its points, and how many there are. */
export type BatchSink = (points: string, pointCount: number) => void;

/**
 * Gathers points (already JSON text) into batches: a batch closes when it holds `maxPoints` or
 * when its first point has waited `maxDelayMs`, whichever comes first. Points stay text from the
 * OPC UA notification to the MQTT payload, so nothing is parsed or re-serialised on the way.
 */
export class Batcher {
  #limits: BatchLimits;
  readonly #sink: BatchSink;
  #parts: string[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(limits: BatchLimits, sink: BatchSink) {
    this.#limits = limits;
    this.#sink = sink;
  }

  add(pointJson: string): void {
    this.#parts.push(pointJson);
    if (this.#parts.length >= this.#limits.maxPoints) this.flush();
    else if (this.#timer === null) this.#timer = setTimeout(() => this.flush(), this.#limits.maxDelayMs);
  }

  /** Closes the current batch now, if it has any point. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#parts.length === 0) return;
    const parts = this.#parts;
    this.#parts = [];
    this.#sink(`[${parts.join(',')}]`, parts.length);
  }

  setLimits(limits: BatchLimits): void {
    this.#limits = limits;
    if (this.#parts.length >= limits.maxPoints) this.flush();
  }
}
