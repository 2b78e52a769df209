/**
 * Collects what callbacks push; `until(match)` resolves with the first item (arrived or to come)
 * that matches. Tests wait on arrivals, never on the clock: vitest's test timeout bounds a wait
 * that never ends.
 */
export class Inbox<T> {
  readonly items: T[] = [];
  #waiters: { match: (item: T) => boolean; resolve: (item: T) => void; from: number }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.match(item)) return true;
      waiter.resolve(item);
      return false;
    });
  };

  /** The first item from index `from` on that matches. */
  until(match: (item: T) => boolean, from = 0): Promise<T> {
    const found = this.items.slice(from).find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.#waiters.push({ match, resolve, from }));
  }

  /** Like until, but only among items that arrive after this call. */
  next(match: (item: T) => boolean): Promise<T> {
    return this.until(match, this.items.length);
  }
}

/** Polls `probe` (cheaply, every 20 ms) until it returns a value other than undefined. */
export async function eventually<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
