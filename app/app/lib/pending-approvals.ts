/** The header counts up to this many waiting requests, and shows "200+" past it (approvals.list's largest page). */
export const PENDING_COUNT_LIMIT = 200;
