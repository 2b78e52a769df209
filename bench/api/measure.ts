// The one measuring loop every front goes through, in the bench process or (the direct call) in the server's.

export interface MeasureShape {
  warmup: number;
  /** Calls one after the other, each timed: the latency percentiles. */
  sequential: number;
  /** Calls kept in flight at once for `concurrentMs`: the throughput. */
  inFlight: number;
  concurrentMs: number;
}

export interface Measured {
  sequentialMs: number[];
  concurrentCalls: number;
  concurrentSeconds: number;
  /** CPU seconds the serving processes used over the concurrent phase (robust to a loaded machine where wall time is not). */
  serverCpuSeconds: number;
  /** CPU seconds the calling process used over it: the client's share (the SDK client, node:http). */
  clientCpuSeconds: number;
  /** Bytes of one answer as this front's client receives it. */
  answerBytes: number;
}

/** One call of the operation through a front; resolves to the answer's size in bytes, rejects on anything but a success. */
export type FrontCall = () => Promise<number>;

/** CPU seconds (user + system) this process has used so far. */
export const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** `serverCpuSeconds` reads the CPU so far of the processes that serve the calls (this one for a call in process). */
export async function measure(call: FrontCall, shape: MeasureShape, serverCpuSeconds: () => number): Promise<Measured> {
  let answerBytes = 0;
  for (let i = 0; i < shape.warmup; i++) answerBytes = await call();
  const sequentialMs: number[] = [];
  for (let i = 0; i < shape.sequential; i++) {
    const began = performance.now();
    await call();
    sequentialMs.push(performance.now() - began);
  }
  // Closed loop: each of the `inFlight` callers sends its next call as soon as its last one is answered.
  let concurrentCalls = 0;
  const serverCpuBefore = serverCpuSeconds();
  const clientCpuBefore = ownCpuSeconds();
  const started = performance.now();
  const deadline = started + shape.concurrentMs;
  const caller = async () => {
    while (performance.now() < deadline) {
      await call();
      concurrentCalls += 1;
    }
  };
  await Promise.all(Array.from({ length: shape.inFlight }, caller));
  return {
    sequentialMs,
    concurrentCalls,
    concurrentSeconds: (performance.now() - started) / 1000,
    serverCpuSeconds: serverCpuSeconds() - serverCpuBefore,
    clientCpuSeconds: ownCpuSeconds() - clientCpuBefore,
    answerBytes,
  };
}
