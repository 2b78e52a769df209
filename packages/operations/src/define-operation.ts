import type { AppAbility, Permission } from '@facilflow/auth/abilities';
import type { Actor, Approval, Effect, Front, PolicyAttributes, Role } from '@facilflow/contracts';
import type { ApprovalOutcome, Services } from '@facilflow/core';
import type { Principal, TenantScope } from '@facilflow/contracts';
import type { z } from 'zod';

export type OperationName = `${string}.${string}`;

/** What a tenant-scoped handler receives; the tenant comes from verified credentials only. */
export interface OperationContext {
  tenantId: string;
  actor: Actor;
  role: Role;
  via: Front;
  /** The Jarvis conversation or MCP session the call came from; null on the other fronts. */
  conversationId: string | null;
  ability: AppAbility;
  services: Services;
  signal: AbortSignal;
  /** Tells the caller how far a long call has come (MCP progress notifications); does nothing when nobody asked. */
  progress: ProgressReporter;
  /** The same facts in the shape domain functions take. */
  scope: TenantScope;
  /** What approvals.approve needs of the registry: whether this caller may run an operation, and applying an approved call. */
  approvedCalls: ApprovedCalls;
  /** Every operation name in the registry: what a policy's operation patterns are checked against. */
  registeredOperations(): readonly string[];
}

/** How far a long call has come: `progress` grows with each report; `total` when it is known. */
export interface OperationProgress {
  progress: number;
  total?: number;
  message?: string;
}

export type ProgressReporter = (report: OperationProgress) => void;

export interface ApprovedCalls {
  /** Throws FORBIDDEN unless this caller may run the operation themselves: nobody approves what they could not do. */
  assertCallerMayRun(operation: string): void;
  /** Applies a call a person approved, as its requester (re-authorized now); the caller makes sure it happens once. */
  apply(approval: Approval): Promise<ApprovalOutcome>;
}

/** What a user-scoped handler receives: a signed-in person, with or without an active tenant. */
export interface UserContext {
  user: { uid: string; email: string | null; emailVerified: boolean };
  principal: Principal;
  via: Front;
  services: Services;
  signal: AbortSignal;
}

/** What a credential-scoped handler receives: the tenant and actor come from the verified credential, never from input. */
export interface CredentialContext {
  tenantId: string;
  /** The credential's public id (an enrolment token's agent id), never its secret. */
  credentialId: string;
  actor: Actor;
  via: Front;
  services: Services;
  signal: AbortSignal;
}

/** What checking a presented credential tells the runtime, before any effect. */
export interface CredentialCheck {
  /** The tenant the credential's id belongs to, also when it is refused (the refusal is recorded there); null for an unknown id. */
  tenantId: string | null;
  valid: boolean;
}

/**
 * How a credential-scoped operation's input carries its credential: which field, what kind
 * (the audit's actor reads `<kind>:<id>`), how its public id is read from its shape alone
 * (rate limits count by it before any lookup), and how it is checked.
 */
export interface InputCredential {
  field: string;
  kind: string;
  idOf(credential: string): string | null;
  check(services: Services, credential: string): Promise<CredentialCheck>;
  /** The one answer to a credential that is malformed, unknown, used or expired alike. */
  refusal: string;
}

// MCP structured content must be an object, so every operation's input and output is one.
type ObjectSchema = z.ZodObject<z.ZodRawShape>;

// Name and effect stay literal per operation, so the registry's type can say which is which (tRPC query or mutation).
interface OperationBase<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect> {
  name: N;
  /** Short, for people: tool titles and UI buttons. */
  title: string;
  /** Written for a person and a model alike: what it does, when to use it, what it returns. */
  description: string;
  input: I;
  output: O;
  effect: E;
}

export interface TenantOperation<
  I extends ObjectSchema = ObjectSchema,
  O extends ObjectSchema = ObjectSchema,
  N extends OperationName = OperationName,
  E extends Effect = Effect,
> extends OperationBase<I, O, N, E> {
  scope: 'tenant';
  permission: Permission;
  // Method syntax on purpose: a specific operation must stay assignable to the registry's Operation.
  handler(ctx: OperationContext, input: z.output<I>): Promise<z.input<O>>;
  /** Destructive operations describe what they would do before a confirmation token is issued. */
  plan?(ctx: OperationContext, input: z.output<I>): Promise<string>;
  /**
   * The resource attributes tenant policies may test for this call (where a pipeline writes,
   * the line an agent reads, how many rows a query returns), resolved only when a policy that
   * could match has conditions. A read with a resolver is evaluated against policies too.
   */
  policyAttributes?(ctx: OperationContext, input: z.output<I>): Promise<PolicyAttributes>;
}

export interface UserOperation<
  I extends ObjectSchema = ObjectSchema,
  O extends ObjectSchema = ObjectSchema,
  N extends OperationName = OperationName,
  E extends Effect = Effect,
> extends OperationBase<I, O, N, E> {
  scope: 'user';
  handler(ctx: UserContext, input: z.output<I>): Promise<z.input<O>>;
  /** The tenant an audit record of this call belongs to, when it is not the caller's active one. */
  auditTenantId?(output: z.output<O>): string;
}

/**
 * Called by a machine whose only credential is in its input (an edge agent's enrolment token):
 * no principal, no role. The runtime checks the credential, bounds the attempts per source
 * address and per credential, and runs the handler in the credential's tenant. No principal's
 * front lists it (tRPC, MCP, Jarvis); it has its own endpoint, through runtime.invokeWithCredential.
 */
export interface CredentialOperation<
  I extends ObjectSchema = ObjectSchema,
  O extends ObjectSchema = ObjectSchema,
  N extends OperationName = OperationName,
  E extends Effect = Effect,
> extends OperationBase<I, O, N, E> {
  scope: 'credential';
  credential: InputCredential;
  handler(ctx: CredentialContext, input: z.output<I>): Promise<z.input<O>>;
}

/** What a caller with a principal (a person, an API key) reaches on every front. */
export type PrincipalOperation = TenantOperation | UserOperation;

export type Operation = PrincipalOperation | CredentialOperation;

export function takesPrincipal(op: Operation): op is PrincipalOperation {
  return op.scope !== 'credential';
}

export function defineOperation<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect>(
  op: TenantOperation<I, O, N, E>,
): TenantOperation<I, O, N, E>;
export function defineOperation<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect>(
  op: UserOperation<I, O, N, E>,
): UserOperation<I, O, N, E>;
export function defineOperation<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect>(
  op: CredentialOperation<I, O, N, E>,
): CredentialOperation<I, O, N, E>;
export function defineOperation(op: Operation): Operation {
  if (!/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(op.name)) {
    throw new Error(`Operation name "${op.name}" must read resource.action in camelCase`);
  }
  if (op.effect === 'destructive' && (op.scope !== 'tenant' || !op.plan)) {
    throw new Error(`Destructive operation ${op.name} must be tenant-scoped and describe its plan`);
  }
  if (op.scope === 'credential' && !(op.credential.field in op.input.shape)) {
    throw new Error(`Operation ${op.name} takes its credential from input field "${op.credential.field}", which its input schema lacks`);
  }
  return op;
}
