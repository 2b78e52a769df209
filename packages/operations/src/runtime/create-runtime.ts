import { defineAbilityFor } from '@facilflow/auth/abilities';
import { actorId, FacilFlowError, type Approval, type Front } from '@facilflow/contracts';
import { authenticate, type Services } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import type { Observability } from '@facilflow/observability';
import type { Operation, OperationContext, ProgressReporter, UserContext } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { auditableInput, auditRefusal, runRecorded, runThenRecord, type AuditedCall } from './audit-trail.ts';
import { assertMayUse, mayUse } from './authorize.ts';
import type { Confirmations } from './confirmations.ts';
import { applyApprovedCall } from './apply-approved-call.ts';
import { applyElicitedApproval } from './elicited-approval.ts';
import { askForPersonApproval, needsPersonApproval, type CallOrigin } from './person-approval.ts';
import { toFacilFlowError } from './to-facilflow-error.ts';
import { observeInvocation } from './observe-invocation.ts';
import { parseOutput } from './parse-output.ts';
import { createCredentialInvoker, DEFAULT_CREDENTIAL_ATTEMPT_LIMITS, type CredentialAttemptLimits, type CredentialCall } from './invoke-with-credential.ts';
import { parseInput } from './parse-input.ts';
import { decidePolicy, enforcePolicy, policyMark } from './evaluate-policies.ts';
import { createApiKeyBudget, DEFAULT_API_KEY_REQUESTS_PER_MINUTE } from './api-key-budget.ts';

export interface Runtime {
  readonly registry: Registry;
  readonly services: Services;
  authenticate(bearer: string | undefined | null): Promise<Principal>;
  /** The operations this principal may call: what every front lists for them. */
  available(principal: Principal): Operation[];
  /**
   * The one way any front runs an operation: validation, authorization, tenant scoping,
   * two-phase confirmation or a person's approval, audit and error mapping happen here and nowhere else.
   */
  invoke(principal: Principal, via: Front, name: string, input: unknown, signal?: AbortSignal, origin?: CallOrigin): Promise<unknown>;
  /**
   * The same for an operation whose credential is in its input (an edge agent's enrolment
   * token): no principal; the tenant and the actor come from the checked credential, and the
   * attempts are bounded per source address and per credential.
   */
  invokeWithCredential(call: CredentialCall): Promise<unknown>;
  /**
   * The person at the MCP client accepted, in an elicitation, the request this caller filed in
   * this session: applied once where the tenant lets that count, else null and nothing changes.
   */
  approveByElicitation(principal: Principal, via: Front, approvalId: string, signal: AbortSignal, origin: CallOrigin): Promise<Approval | null>;
}

export interface RuntimeDeps {
  registry: Registry;
  services: Services;
  confirmations: Confirmations;
  observability?: Observability;
  /** Default DEFAULT_CREDENTIAL_ATTEMPT_LIMITS. */
  credentialAttemptLimits?: CredentialAttemptLimits;
  /** Operation calls per minute one API key may make on the remote fronts; default DEFAULT_API_KEY_REQUESTS_PER_MINUTE. */
  apiKeyRequestsPerMinute?: number;
}

const ignoreProgress: ProgressReporter = () => undefined;

export function createRuntime(deps: RuntimeDeps): Runtime {
  const { registry, services, confirmations } = deps;
  const invokeWithCredential = createCredentialInvoker({
    services,
    limits: deps.credentialAttemptLimits ?? DEFAULT_CREDENTIAL_ATTEMPT_LIMITS,
    ...(deps.observability ? { observability: deps.observability } : {}),
  });
  const apiKeyBudget = createApiKeyBudget(deps.apiKeyRequestsPerMinute ?? DEFAULT_API_KEY_REQUESTS_PER_MINUTE, services.now);

  function contextFor(principal: Principal, via: Front, conversationId: string | null, signal: AbortSignal, progress: ProgressReporter = ignoreProgress): OperationContext {
    // Only reached for principals assertMayUse let through to a tenant operation.
    const tenantId = principal.tenantId as string;
    const role = principal.role as NonNullable<Principal['role']>;
    const scope = { tenantId, actor: principal.actor, role };
    return {
      ...scope,
      via,
      conversationId,
      ability: defineAbilityFor(role),
      services,
      signal,
      progress,
      scope,
      registeredOperations: () => registry.list().map((op) => op.name),
      approvedCalls: {
        assertCallerMayRun(name) {
          const op = registry.get(name);
          if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${name}`);
          if (!mayUse(principal, op)) throw new FacilFlowError('FORBIDDEN', `Your role (${role}) may not run ${name} itself, so it may not approve it`);
        },
        apply: (approval) => applyApprovedCall({ registry, services, contextFor }, approval, signal),
      },
    };
  }

  /**
   * Everything that may refuse a call before it has any effect (authorization, validation,
   * confirmation, a person's approval); what it returns runs the handler. Refusals are audited
   * as such, and only a call that passed them gets a pending record before its effect.
   */
  async function prepare(
    op: Operation,
    principal: Principal,
    via: Front,
    origin: CallOrigin,
    raw: unknown,
    signal: AbortSignal,
    audited?: AuditedCall,
  ): Promise<() => Promise<unknown>> {
    const conversationId = origin.conversationId ?? null;
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
    const ctx = contextFor(principal, via, conversationId, signal, origin.onProgress);
    const { tenantId } = ctx;
    const planOf = async () => (op.plan ? op.plan(ctx, input) : op.title);
    const policy = await decidePolicy(services, op, ctx, input);
    if (policy) {
      // The call's audit record names the policy that decided it, refused or not.
      if (audited) audited.policy = policyMark(policy);
      await enforcePolicy(services, policy, { op, principal, via, conversationId, tenantId, input, plan: planOf, confirmationToken });
    }
    if (op.effect === 'destructive') {
      if (await needsPersonApproval(services, principal, via, tenantId)) {
        const plan = await planOf();
        return askForPersonApproval(services, { operation: op.name, tenantId, principal, via, conversationId, input, plan, confirmationToken });
      }
      const binding = { operation: op.name, tenantId, actorId: actorId(principal.actor), input };
      if (typeof confirmationToken !== 'string' || confirmationToken === '') {
        const plan = await planOf();
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

  async function invokeRecorded(op: Operation, principal: Principal, via: Front, origin: CallOrigin, raw: unknown, signal: AbortSignal): Promise<unknown> {
    const conversationId = origin.conversationId ?? null;
    const call: AuditedCall = { op, principal, via, conversationId, input: auditableInput(op, raw), started: performance.now() };
    let execute: () => Promise<unknown>;
    try {
      execute = await prepare(op, principal, via, origin, raw, signal, call);
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
    async invoke(principal, via, name, raw, signal = new AbortController().signal, origin = {}) {
      const op = registry.get(name);
      if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${name}`);
      return observeInvocation(deps.observability, { op, principal, via, input: raw }, async () => {
        // Before anything else, the audit included: a flooding key must not flood the audit log either.
        apiKeyBudget.charge(principal, via);
        if (op.effect !== 'read') return invokeRecorded(op, principal, via, origin, raw, signal);
        try {
          const execute = await prepare(op, principal, via, origin, raw, signal);
          return await execute();
        } catch (e) {
          throw toFacilFlowError(e, name);
        }
      });
    },
    approveByElicitation: (principal, via, approvalId, signal, origin) =>
      applyElicitedApproval({ registry, services, contextFor }, principal, via, approvalId, origin.conversationId ?? null, signal),
    async invokeWithCredential(call) {
      const op = registry.get(call.name);
      if (!op) throw new FacilFlowError('NOT_FOUND', `Unknown operation ${call.name}`);
      if (op.scope !== 'credential') throw new FacilFlowError('UNAUTHENTICATED', `${op.name} needs a bearer credential`);
      return invokeWithCredential(op, call);
    },
  };
}
