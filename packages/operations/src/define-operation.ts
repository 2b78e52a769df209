import type { AppAbility, Permission } from '@facilflow/auth/abilities';
import type { Actor, Effect, Front, Role } from '@facilflow/contracts';
import type { Services } from '@facilflow/core';
import type { Principal, TenantScope } from '@facilflow/contracts';
import type { z } from 'zod';

export type OperationName = `${string}.${string}`;

/** What a tenant-scoped handler receives; the tenant comes from verified credentials only. */
export interface OperationContext {
  tenantId: string;
  actor: Actor;
  role: Role;
  via: Front;
  ability: AppAbility;
  services: Services;
  signal: AbortSignal;
  /** The same facts in the shape domain functions take. */
  scope: TenantScope;
}

/** What a user-scoped handler receives: a signed-in person, with or without an active tenant. */
export interface UserContext {
  user: { uid: string; email: string | null; emailVerified: boolean };
  principal: Principal;
  via: Front;
  services: Services;
  signal: AbortSignal;
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

export type Operation = TenantOperation | UserOperation;

export function defineOperation<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect>(
  op: TenantOperation<I, O, N, E>,
): TenantOperation<I, O, N, E>;
export function defineOperation<I extends ObjectSchema, O extends ObjectSchema, N extends OperationName, E extends Effect>(
  op: UserOperation<I, O, N, E>,
): UserOperation<I, O, N, E>;
export function defineOperation(op: Operation): Operation {
  if (!/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(op.name)) {
    throw new Error(`Operation name "${op.name}" must read resource.action in camelCase`);
  }
  if (op.effect === 'destructive' && (op.scope !== 'tenant' || !op.plan)) {
    throw new Error(`Destructive operation ${op.name} must be tenant-scoped and describe its plan`);
  }
  return op;
}
