import { createLogger, type Logger, type LoggerOptions } from './logs/create-logger.ts';
import { RequestScope } from './logs/request-scope.ts';
import { createMetrics, type Metrics, type MetricsOptions } from './metrics/create-metrics.ts';

/** What a process observes itself with, handed explicitly to the server and the runtime. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly requests: RequestScope;
}

export function createObservability(options: LoggerOptions & MetricsOptions): Observability {
  return { logger: createLogger(options), metrics: createMetrics(options), requests: new RequestScope() };
}
