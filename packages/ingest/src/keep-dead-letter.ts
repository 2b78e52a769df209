import { isFacilFlowError } from '@facilflow/contracts';
import { recordDeadLetter, type DeadLetterInput, type DeadLetterLimits, type Services } from '@facilflow/core';
import type { IngestLog } from './log.ts';
import type { UndeliverableCounter } from './undeliverable-counter.ts';

/** SQLSTATE classes of a database that may take the same insert later: connection, rollback (serialization, deadlock), resources, operator intervention, system. */
const TRANSIENT_SQLSTATE_CLASSES: ReadonlySet<string> = new Set(['08', '40', '53', '57', '58']);
const SQLSTATE = /^[0-9A-Z]{5}$/;

export type KeptDeadLetter = 'created' | 'existing' | 'undeliverable';

/**
 * Records a refused message's dead letter. When the database refuses that very insert
 * (permissions, a constraint, text it cannot hold…), trying again brings the same refusal:
 * leaving the message unacknowledged would make the agent resend it for ever and hold up
 * what it sends after. So it is acknowledged, counted as undeliverable and logged (one line,
 * never the payload). Only a database that may take it later (unreachable, restarting,
 * a rolled-back transaction) rejects, so the message comes again.
 */
export async function keepDeadLetter(
  services: Services,
  input: DeadLetterInput,
  limits: DeadLetterLimits | undefined,
  undeliverable: UndeliverableCounter,
  log: IngestLog,
): Promise<KeptDeadLetter> {
  try {
    const { created } = await recordDeadLetter(services, input, limits);
    return created ? 'created' : 'existing';
  } catch (error) {
    if (isTransient(error)) throw error;
    const agentId = input.agentId ?? '(unknown)';
    undeliverable.record(input.tenantId, agentId, input.code);
    log.error('telemetry refused and its dead letter not recorded: acknowledged and counted as undeliverable', {
      tenantId: input.tenantId,
      agentId,
      code: input.code,
      payloadBytes: input.payload.length,
      error: rootCause(error),
    });
    return 'undeliverable';
  }
}

/**
 * Whether the failure may pass by itself. A database refusal (a SQLSTATE outside the
 * transient classes) and a JS TypeError or RangeError (what the message drove the code into)
 * do not; anything else — a dropped connection, a closed pool, ingest closing — may.
 */
function isTransient(error: unknown): boolean {
  let sawPermanent = false;
  for (const current of causes(error)) {
    if (isFacilFlowError(current)) return current.code === 'UNAVAILABLE';
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
    if (code !== undefined && SQLSTATE.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
    // Node's and postgres.js' connection failures (ECONNREFUSED, CONNECTION_CLOSED…).
    if (code !== undefined) return true;
    if (current instanceof TypeError || current instanceof RangeError) sawPermanent = true;
  }
  return !sawPermanent;
}

/** The driver's own words (SQLSTATE and message): drizzle's wrapper quotes the query's parameters, the payload among them. */
function rootCause(error: unknown): string {
  let last: object | undefined;
  for (const current of causes(error)) last = current;
  if (last === undefined) return String(error);
  const code = 'code' in last && typeof last.code === 'string' ? `${last.code} ` : '';
  const text = last instanceof Error ? last.message : String(last);
  const message = text.startsWith('Failed query:') ? 'the query failed' : text;
  return `${code}${message}`.slice(0, 500);
}

/** The error and its causes, to a bounded depth in case a cause points back at itself. */
function* causes(error: unknown): Generator<object> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    yield current;
    current = 'cause' in current ? current.cause : undefined;
  }
}
