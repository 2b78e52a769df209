import { z } from 'zod';

/** One dependency as `/readyz` saw it. */
export const dependencyStatus = z.object({
  /** e.g. `platform-database`, `time-series`, `mqtt-broker`, `identity-provider`. */
  name: z.string(),
  ok: z.boolean(),
  latencyMs: z.number().nonnegative(),
  /** Why it is not ok; absent when it is. */
  error: z.string().optional(),
});
export type DependencyStatus = z.infer<typeof dependencyStatus>;

/** `/readyz`: 200 with `ready: true` only when every dependency the process uses answered, else 503. */
export const readinessReport = z.object({
  ready: z.boolean(),
  dependencies: z.array(dependencyStatus),
});
export type ReadinessReport = z.infer<typeof readinessReport>;
