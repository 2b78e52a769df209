import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';
import type { FrontInput, OperationEffect, OperationOutput, PrincipalOperationName, RegisteredOperationName } from '../../operation-io.ts';
import type { TrpcRoot } from './trpc-root.ts';
import type { TrpcProcedureKind } from './procedure-kind.ts';

interface ProcedureTypes<N extends RegisteredOperationName> {
  input: FrontInput<N>;
  output: OperationOutput<N>;
  meta: TrpcRoot['meta'];
}

type ProcedureFor<N extends RegisteredOperationName> =
  TrpcProcedureKind<OperationEffect<N>> extends 'query' ? TRPCQueryProcedure<ProcedureTypes<N>> : TRPCMutationProcedure<ProcedureTypes<N>>;

type ResourceOf<N extends RegisteredOperationName> = N extends `${infer R}.${string}` ? R : never;
type Resource = ResourceOf<PrincipalOperationName>;

/** `resource.action` nested as tRPC nests routers: `agents.list` is the `list` procedure of `agents`. */
type ProcedureRecord = {
  [R in Resource]: { [N in PrincipalOperationName as N extends `${R}.${infer Action}` ? Action : never]: ProcedureFor<N> };
};

/** The type of the router createTrpcRouter builds: every operation a principal calls, with its input and output. */
export type AppRouter = TRPCBuiltRouter<TrpcRoot, ProcedureRecord>;
