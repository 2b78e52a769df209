import { deferred, type Deferred } from './deferred.ts';

/**
 * Collects values pushed by callbacks; `take(n)` resolves once n have arrived. Tests wait
 * on arrivals, never on the clock (vitest's test timeout bounds a wait that never ends).
 */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { count: number; done: Deferred<T[]> }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true;
      waiter.done.resolve(this.items.slice(0, waiter.count));
      return false;
    });
  };

  take(count: number): Promise<T[]> {
    if (this.items.length >= count) return Promise.resolve(this.items.slice(0, count));
    const done = deferred<T[]>();
    this.waiters.push({ count, done });
    return done.promise;
  }

  /** Resolves with the first item (arrived or to come) that satisfies `match`. */
  async find(match: (item: T) => boolean): Promise<T> {
    for (let count = 1; ; count++) {
      const items = await this.take(count);
      const last = items[count - 1] as T;
      if (match(last)) return last;
    }
  }
}
