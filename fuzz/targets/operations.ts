import { FRONTS, isFacilFlowError, type Front } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Operation } from '@facilflow/operations';
import fc from 'fast-check';
import { z } from 'zod';
import { arbitraryFromSchema, type JsonSchema } from '../arbitraries/from-json-schema.ts';
import { hostileJson } from '../arbitraries/hostile-values.ts';
import { mutated } from '../arbitraries/mutate.ts';
import { withDeadline } from '../deadline.ts';
import { describeInput } from '../describe.ts';
import { outcomeOfError, type Outcome } from '../outcome.ts';
import type { Target } from '../target.ts';
import type { World } from '../world.ts';

export interface OperationCase {
  op: string;
  input: unknown;
  caller: number;
  via: Front;
  /** Destructive operations: call again with the confirmation token the first call issued. */
  confirm: boolean;
}

/**
 * Slow or world-changing operations are sampled less: tenants.create makes a tenant (a
 * database per tenant, Auth emulator claims), invites and switches go to the emulator,
 * agents.command waits for the agent's answer. Everything else is equally likely.
 */
const WEIGHTS: Record<string, number> = { 'tenants.create': 1, 'members.invite': 3, 'invites.accept': 3, 'tenants.switch': 3, 'agents.command': 3 };
const DEFAULT_WEIGHT = 10;

export function operationsTarget(world: World): Target<OperationCase> {
  const { runtime } = world.t;
  const ops = runtime.registry.list();
  const branches = ops.map((op) => ({ weight: WEIGHTS[op.name] ?? DEFAULT_WEIGHT, arbitrary: inputFor(op, world.knownStrings).map((input) => ({ op: op.name, input })) }));
  const arbitrary = fc
    .record({ call: fc.oneof(...branches), caller: fc.nat({ max: world.principals.length - 1 }), via: fc.constantFrom(...FRONTS), confirm: fc.boolean() })
    .map(({ call, ...rest }) => ({ ...call, ...rest }));

  const invoke = async (principal: Principal, via: Front, op: Operation, input: unknown): Promise<{ outcome: Outcome; error?: unknown }> => {
    const call = world.ledger.track(op, principal, () => runtime.invoke(principal, via, op.name, input));
    const settled = await withDeadline(call.then(() => ({ outcome: { kind: 'ok' } as Outcome }), (error: unknown) => ({ outcome: outcomeOfError(error, world.logs.explain), error })));
    return settled.settled ? settled.value : { outcome: { kind: 'hung' } };
  };

  return {
    name: 'operations',
    arbitrary,
    subject: (c) => c.op,
    describe: (c) => `${world.principals[c.caller]?.label} via ${c.via}${c.confirm ? ' (confirming)' : ''}: ${describeInput(c.input)}`,
    async execute(c) {
      const op = runtime.registry.get(c.op);
      const caller = world.principals[c.caller];
      if (!op || !caller) return { kind: 'crash', error: `fuzz case names no operation or caller (${c.op})` };
      const first = await invoke(caller.principal, c.via, op, c.input);
      const token = isFacilFlowError(first.error) && first.error.code === 'NEEDS_CONFIRMATION' ? first.error.details?.confirmationToken : undefined;
      if (!c.confirm || typeof token !== 'string' || !isPlainObject(c.input)) return first.outcome;
      return (await invoke(caller.principal, c.via, op, { ...c.input, confirmationToken: token })).outcome;
    },
  };
}

/** From the op's own input schema: a valid example, the example mutated, or hostile JSON from scratch. */
function inputFor(op: Operation, knownStrings: readonly string[]): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const valid = arbitraryFromSchema(schema, { knownStrings });
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 6, arbitrary: mutated(valid) }, { weight: 2, arbitrary: hostileJson });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
