/** A message's place in its key's line: `ready` once every earlier one released its own. */
export interface Turn {
  ready: Promise<void>;
  release(): void;
}

/**
 * Arrival order per key (an agent): turns are taken as messages arrive and come up in that
 * order, whatever order their work finishes in. A key's line is forgotten once it is empty.
 */
export class ArrivalOrder {
  private readonly tails = new Map<string, Promise<void>>();

  take(key: string): Turn {
    const ready = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const tail = ready.then(() => released);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return { ready, release };
  }
}
