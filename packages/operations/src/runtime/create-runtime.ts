import { defineAbilityFor } from '@facilflow/auth/abilities';
import { actorId, FacilFlowError, type Front } from '@facilflow/contracts';
import { appendAuditRecord, authenticate, type Principal, type Services } from '@facilflow/core';
import type { Operation, OperationContext, UserContext } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { assertMayUse, mayUse } from './authorize.ts';
import type { Confirmations } from './confirmations.ts';
import { redact } from './redact.ts';
import { toFacilFlowError } from './to-facilflow-error.ts';

export interface Runtime {
  readonly registry: Registry;
  readonly services: Services;
  authenticate(bearer: string | undefined | null): Promise<Principal>;
  /** The operations this principal may call: what every front lists for them. */
  available(principal: Principal): Operation[];
  /**
   * The one way any front runs an operation: validation, authorization, tenant scoping,
   * two-phase confirmation, audit and error mapping happen here and nowhere else.
   */
  invoke(principal: Principal, via: Front, name: string, input: unknown, signal?: AbortSignal): Promise<unknown>;
}

export function createRuntime(deps: { registry: Registry; services: Services; confirmations: Confirmations }): Runtime {
  const { registry, services, confirmations } = deps;

  async function run(op: Operation, principal: Principal, via: Front, raw: unknown, signal: AbortSignal) {
    assertMayUse(principal, op);
    const { confirmationToken, ...rest } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const parsed = op.input.safeParse(rest);
    if (!parsed.success) {
      throw new FacilFlowError('INVALID', `Invalid input for ${op.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ')}`, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const input = parsed.data;
    if (op.scope === 'user') {
      const actor = principal.actor;
      if (actor.type !== 'user') throw new FacilFlowError('FORBIDDEN', `${op.name} is for signed-in people`);
      const ctx: UserContext = {
        user: { uid: actor.uid, email: actor.email, emailVerified: actor.emailVerified ?? false },
        principal,
        via,
        services,
        signal,
      };
      return op.output.parse(await op.handler(ctx, input));
    }
    // assertMayUse guarantees both for tenant operations.
    const tenantId = principal.tenantId as string;
    const role = principal.role as NonNullable<Principal['role']>;
    const scope = { tenantId, actor: principal.actor, role };
    const ctx: OperationContext = { ...scope, via, ability: defineAbilityFor(role), services, signal, scope };
    if (op.effect === 'destructive') {
      const binding = { operation: op.name, tenantId, actorId: actorId(principal.actor), input };
      if (typeof confirmationToken !== 'string' || confirmationToken === '') {
        const plan = op.plan ? await op.plan(ctx, input) : op.title;
        const { token, expiresAt } = confirmations.issue(binding);
        throw new FacilFlowError('NEEDS_CONFIRMATION', `Confirmation needed: ${plan}`, {
          plan,
          confirmationToken: token,
          expiresAt: expiresAt.toISOString(),
        });
      }
      confirmations.consume(confirmationToken, binding);
    }
    return op.output.parse(await op.handler(ctx, input));
  }

  async function audit(op: Operation, principal: Principal, via: Front, raw: unknown, started: number, output: unknown, error: FacilFlowError | null) {
    if (op.effect === 'read') return;
    const tenantId =
      (op.scope === 'user' && op.auditTenantId && output !== undefined ? op.auditTenantId(output as never) : null) ||
      principal.tenantId;
    if (!tenantId) {
      // Nothing to attribute it to: a person without a tenant whose call failed.
      console.warn(`[audit] ${op.name} by ${actorId(principal.actor)} via ${via}: ${error?.code ?? 'ok'} (no tenant)`);
      return;
    }
    const { confirmationToken: _token, ...input } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const actor = principal.actor;
    await appendAuditRecord(services, {
      tenantId,
      at: services.now(),
      actorType: actor.type,
      actorId: actorId(actor),
      actorLabel: actor.type === 'user' ? actor.email : actor.name,
      front: via,
      operation: op.name,
      effect: op.effect,
      input: redact(input),
      outcome: error ? 'error' : 'ok',
      errorCode: error?.code ?? null,
      durationMs: Math.max(0, Math.round(performance.now() - started)),
    });
  }

  return {
    registry,
    services,
    authenticate: (bearer) => authenticate(services, bearer),
    available: (principal) => registry.list().filter((op) => mayUse(principal, op)),
    async invoke(principal, via, name, raw, signal = new AbortController().signal) {
      const op = registry.get(name);
      if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${name}`);
      const started = performance.now();
      let output: unknown;
      let error: FacilFlowError | null = null;
      try {
        output = await run(op, principal, via, raw, signal);
      } catch (e) {
        error = toFacilFlowError(e, name);
      }
      await audit(op, principal, via, raw, started, output, error);
      if (error) throw error;
      return output;
    },
  };
}
