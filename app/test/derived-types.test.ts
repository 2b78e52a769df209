import type { ApiKeyRole, listAgentsOutput, listAuditInput, listAuditOutput, revokeApiKeyInput } from '@facilflow/contracts';
import type { FrontInput, OperationOutput } from '@facilflow/operations';
import type { AppRouter } from '@facilflow/operations/trpc';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { AuditPanel } from '../app/components/audit-panel.tsx';
import type { NewApiKey } from '../app/components/new-api-key.tsx';
import type { trpcClient } from '../app/lib/trpc.client.ts';
import type { Outcome, WebContext } from '../server/web-context.ts';

// Checked by tsc (npm run typecheck includes app/test): these assertions are types, so
// a schema change in @facilflow/contracts that the web app does not follow fails the build.

type AuditRecord = z.output<typeof listAuditOutput>['items'][number];
type RouterInputs = inferRouterInputs<AppRouter>;
type RouterOutputs = inferRouterOutputs<AppRouter>;
// Instantiated, never called: the caller the loaders get for audit.list.
const auditListCall = (web: WebContext) => web.invoke<'audit.list'>;

describe('the web app takes operation types from the registry', () => {
  it('a page gets the output schema of the operation it called', () => {
    expectTypeOf<Parameters<typeof AuditPanel>[0]['audit']>().toEqualTypeOf<Outcome<z.output<typeof listAuditOutput>>>();
    expectTypeOf<OperationOutput<'audit.list'>['items'][number]>().toEqualTypeOf<AuditRecord>();
    expectTypeOf<AuditRecord>().toHaveProperty('operation');
    // @ts-expect-error an audit record has no actorName: the panel cannot show a field the contract does not define
    expectTypeOf<OperationOutput<'audit.list'>['items'][number]>().toHaveProperty('actorName');
  });

  it('the in-process caller is typed by operation name', () => {
    expectTypeOf(auditListCall).returns.parameter(2).toEqualTypeOf<z.input<typeof listAuditInput>>();
    expectTypeOf(auditListCall).returns.returns.resolves.toEqualTypeOf<Outcome<z.output<typeof listAuditOutput>>>();
    // @ts-expect-error audit.list takes a number of rows, not text
    const wrong: FrontInput<'audit.list'> = { limit: 'twenty' };
    expectTypeOf(wrong).not.toBeNever();
  });

  it('the tRPC router carries every procedure with its input and output, nested by resource', () => {
    expectTypeOf<RouterOutputs['agents']['list']>().toEqualTypeOf<z.output<typeof listAgentsOutput>>();
    expectTypeOf<RouterInputs['apiKeys']['revoke']>().toExtend<z.input<typeof revokeApiKeyInput>>();
    expectTypeOf<RouterInputs['apiKeys']['revoke']>().toHaveProperty('confirmationToken');
    expectTypeOf<ReturnType<typeof trpcClient>>().toEqualTypeOf<TRPCClient<AppRouter>>();
    expectTypeOf<TRPCClient<AppRouter>['agents']['list']>().toHaveProperty('query');
    // @ts-expect-error agents.list is a read, so the client offers it as a query only
    expectTypeOf<TRPCClient<AppRouter>['agents']['list']>().toHaveProperty('mutate');
  });

  it('a new key shows the role the contract allows', () => {
    expectTypeOf<Parameters<typeof NewApiKey>[0]['created']['role']>().toEqualTypeOf<ApiKeyRole>();
  });
});
