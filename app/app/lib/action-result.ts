import { HTTP_STATUS_OF } from '@facilflow/contracts';
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

export function statusFor(problem: Problem | null): number {
  return problem ? HTTP_STATUS_OF[problem.code] : 200;
}
