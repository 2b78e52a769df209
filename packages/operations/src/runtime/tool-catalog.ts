import { z } from 'zod';
import type { Operation } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { frontInputSchema, toolName } from './front-input.ts';

type JsonObjectSchema = { type: 'object'; [key: string]: unknown };

/** An operation as a tool: what MCP lists and, reshaped, what Jarvis gives the model. */
export interface OperationTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonObjectSchema;
  outputSchema: JsonObjectSchema;
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

const cache = new WeakMap<Operation, OperationTool>();

export function operationTool(op: Operation): OperationTool {
  const cached = cache.get(op);
  if (cached) return cached;
  const tool: OperationTool = {
    name: toolName(op.name),
    title: op.title,
    description: op.description,
    inputSchema: z.toJSONSchema(frontInputSchema(op), { io: 'input' }) as JsonObjectSchema,
    outputSchema: z.toJSONSchema(op.output, { io: 'output' }) as JsonObjectSchema,
    annotations: {
      title: op.title,
      readOnlyHint: op.effect === 'read',
      destructiveHint: op.effect === 'destructive',
      idempotentHint: op.effect === 'read',
      openWorldHint: false,
    },
  };
  cache.set(op, tool);
  return tool;
}

/**
 * Any registered operation, whether or not this caller may use it: a call to a tool the
 * caller was not shown (a stale list after a role change, a guessing model) still goes
 * through the runtime, which refuses it and audits the refusal.
 */
export function operationForTool(registry: Registry, name: string): Operation | undefined {
  return registry.list().find((op) => toolName(op.name) === name);
}
