import { takesPrincipal, type PrincipalOperation } from '../../define-operation.ts';
import type { Registry } from '../../registry.ts';

export type RestMethod = 'GET' | 'POST';

/** One operation as a REST route: `/<resource>/<action>` under /api/v1. */
export interface RestRoute {
  operation: PrincipalOperation;
  /** Relative to the API's base, e.g. `/agents/list`. */
  path: string;
  /**
   * Reads are GET, their input a JSON object in `?input=` (safe to repeat, cacheable by
   * whoever may); everything else is POST with a JSON object body. One method per route.
   */
  method: RestMethod;
}

export const REST_BASE_PATH = '/api/v1';

export function restPath(operationName: string): string {
  const [resource, action] = operationName.split('.') as [string, string];
  return `/${resource}/${action}`;
}

/** Every operation a principal calls, as the tRPC router serves them; credential-scoped ones have endpoints of their own. */
export function restRoutes(registry: Registry): RestRoute[] {
  return registry
    .list()
    .filter(takesPrincipal)
    .map((operation) => ({ operation, path: restPath(operation.name), method: operation.effect === 'read' ? 'GET' : 'POST' }));
}

/** The route at a path, whatever the method (the caller answers 405 for the wrong one). */
export function restRouteAt(registry: Registry, path: string): RestRoute | undefined {
  const match = /^\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/.exec(path);
  if (!match) return undefined;
  const operation = registry.get(`${match[1]}.${match[2]}`);
  if (!operation || !takesPrincipal(operation)) return undefined;
  return { operation, path, method: operation.effect === 'read' ? 'GET' : 'POST' };
}
