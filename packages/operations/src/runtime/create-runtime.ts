import { defineAbilityFor } from '@facilflow/auth/abilities';
import { actorId, FacilFlowError, type Front } from '@facilflow/contracts';
import { authenticate, type Services } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import type { Observability } from '@facilflow/observability';
import type { Operation, OperationContext, UserContext } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { auditableInput, auditRefusal, runRecorded, runThenRecord, type AuditedCall } from './audit-trail.ts';
import { assertMayUse, mayUse } from './authorize.ts';
import type { Confirmations } from './confirmations.ts';
import { toFacilFlowError } from './to-facilflow-error.ts';
import { observeInvocation } from './observe-invocation.ts';
import { parseOutput } from './parse-output.ts';
import { createCredentialInvoker, DEFAULT_CREDENTIAL_ATTEMPT_LIMITS, type CredentialAttemptLimits, type CredentialCall } from './invoke-with-credential.ts';
import { parseInput } from './parse-input.ts';

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
  invoke(principal: Principal, via: Front, name: string, input: unknown, signal?: AbortSignal, context?: InvocationContext): Promise<unknown>;
  /**
   * The same for an operation whose credential is in its input (an edge agent's enrolment
   * token): no principal; the tenant and the actor come from the checked credential, and the
   * attempts are bounded per source address and per credential.
   */
  invokeWithCredential(call: CredentialCall): Promise<unknown>;
}

/** What a front knows of a call beyond its input: recorded with it in the audit log. */
export interface InvocationContext {
  /** The Jarvis conversation the call was made in. */
  conversationId?: string;
}

export interface RuntimeDeps {
  registry: Registry;
  services: Services;
  confirmations: Confirmations;
  observability?: Observability;
  /** Default DEFAULT_CREDENTIAL_ATTEMPT_LIMITS. */
  credentialAttemptLimits?: CredentialAttemptLimits;
}

export function createRuntime(deps: RuntimeDeps): Runtime {
  const { registry, services, confirmations } = deps;
  const invokeWithCredential = createCredentialInvoker({
    services,
    limits: deps.credentialAttemptLimits ?? DEFAULT_CREDENTIAL_ATTEMPT_LIMITS,
    ...(deps.observability ? { observability: deps.observability } : {}),
  });

  /**
   * Everything that may refuse a call before it has any effect (authorization, validation,
   * confirmation); what it returns runs the handler. Refusals are audited as such, and only
   * a call that passed them gets a pending record before its effect.
   */
  async function prepare(op: Operation, principal: Principal, via: Front, raw: unknown, signal: AbortSignal): Promise<() => Promise<unknown>> {
    assertMayUse(principal, op);
    const { confirmationToken, ...rest } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const input = parseInput(op, rest);
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
      return async () => parseOutput(op, await op.handler(ctx, input));
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
    return async () => parseOutput(op, await op.handler(ctx, input));
  }

  /** The tenant a pending record can be written to before the effect, or null when only the result names it. */
  function pendingTenant(op: Operation, principal: Principal): string | null {
    if (op.scope === 'user' && op.auditTenantId) return null;
    return principal.tenantId;
  }

  async function invokeRecorded(op: Operation, principal: Principal, via: Front, raw: unknown, signal: AbortSignal, context: InvocationContext): Promise<unknown> {
    const call: AuditedCall = {
      op,
      principal,
      via,
      input: auditableInput(op, raw),
      started: performance.now(),
      ...(context.conversationId ? { conversationId: context.conversationId } : {}),
    };
    let execute: () => Promise<unknown>;
    try {
      execute = await prepare(op, principal, via, raw, signal);
    } catch (e) {
      const error = toFacilFlowError(e, op.name);
      await auditRefusal(services, call, error);
      throw error;
    }
    const tenantId = pendingTenant(op, principal);
    return tenantId ? runRecorded(services, call, tenantId, execute) : runThenRecord(services, call, execute);
  }

  return {
    registry,
    services,
    authenticate: (bearer) => authenticate(services, bearer),
    available: (principal) => registry.list().filter((op) => mayUse(principal, op)),
    async invoke(principal, via, name, raw, signal = new AbortController().signal, context = {}) {
      const op = registry.get(name);
      if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${name}`);
      return observeInvocation(deps.observability, { op, principal, via, input: raw }, async () => {
        if (op.effect !== 'read') return invokeRecorded(op, principal, via, raw, signal, context);
        try {
          const execute = await prepare(op, principal, via, raw, signal);
          return await execute();
        } catch (e) {
          throw toFacilFlowError(e, name);
        }
      });
    },
    async invokeWithCredential(call) {
      const op = registry.get(call.name);
      if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${call.name}`);
      if (op.scope !== 'credential') throw new FacilFlowError('UNAUTHENTICATED', `${op.name} needs a bearer credential`);
      return invokeWithCredential(op, call);
    },
  };
}
