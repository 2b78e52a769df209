import { actorId, type TenantScope } from '@facilflow/contracts';

/** How an alert's history names the person (or key) who acted: their email when known, else their stable id. */
export function actorName(scope: TenantScope): string {
  if (scope.actor.type === 'user' && scope.actor.email) return scope.actor.email;
  if (scope.actor.type === 'apiKey') return `apiKey:${scope.actor.keyId} (${scope.actor.name})`;
  return actorId(scope.actor);
}
