import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

export interface RequestContext {
  requestId: string;
  /** The request's logger: its lines carry the request id. */
  log: Logger;
}

/**
 * What a request's handlers down to the registry know of the request without it being passed
 * through every signature (the runtime's `invoke` is shared by fronts that have no HTTP request).
 * One per Observability instance, not per module, so two servers in a process stay apart.
 */
export class RequestScope {
  private readonly storage = new AsyncLocalStorage<RequestContext>();

  run<T>(request: RequestContext, fn: () => T): T {
    return this.storage.run(request, fn);
  }

  current(): RequestContext | undefined {
    return this.storage.getStore();
  }
}
