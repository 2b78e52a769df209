import type { OperationOutput } from '@facilflow/operations';
import type { Problem } from './operation-result.ts';

type Created = OperationOutput<'apiKeys.create'>;

/** What the page shows of a new API key: the secret, once, and what it is for. */
export type CreatedKey = Pick<Created, 'secret'> & Pick<Created['apiKey'], 'name' | 'role'>;

/** What every form on the start page answers. */
export interface ActionResult {
  intent: string;
  problem: Problem | null;
  /** The person's tenant claims changed: the page must fetch a fresh ID token. */
  refreshClaims: boolean;
  /** A new API key's secret, in the one answer that ever carries it. */
  createdKey: CreatedKey | null;
}

const STATUS: Record<Problem['code'], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  NEEDS_CONFIRMATION: 428,
  PENDING_APPROVAL: 428,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusFor(problem: Problem | null): number {
  return problem ? STATUS[problem.code] : 200;
}
