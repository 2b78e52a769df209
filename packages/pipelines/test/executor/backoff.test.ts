import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/executor/backoff.ts';
import { cancellableDelay, raceWithSignal } from '../../src/signals.ts';

describe('backoffDelayMs', () => {
  it('waits the same before every retry when fixed', () => {
    const fixed = { type: 'fixed', delayMs: 500, maxDelayMs: 60_000 } as const;
    expect([2, 3, 4].map((attempt) => backoffDelayMs(fixed, attempt))).toEqual([500, 500, 500]);
  });

  it('doubles from the first retry when exponential, capped at maxDelayMs', () => {
    const exponential = { type: 'exponential', delayMs: 1000, maxDelayMs: 5000 } as const;
    expect([2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(exponential, attempt))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('signals', () => {
  it('rejects a delay with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = cancellableDelay(3_600_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('ends a race for work that never settles when the signal aborts, and passes a result through otherwise', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const racing = raceWithSignal(never, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(racing).rejects.toThrow('cancelled');
    await expect(raceWithSignal(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });
});
