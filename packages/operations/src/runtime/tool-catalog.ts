import { z } from 'zod';
import type { Operation } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { compactJsonSchema, limitSchemaDepth } from './compact-json-schema.ts';
import { frontInputSchema, toolName } from './front-input.ts';

type JsonObjectSchema = { type: 'object'; [key: string]: unknown };

/** An operation as a tool: what MCP lists and, reshaped, what Jarvis gives the model. */
export interface OperationTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonObjectSchema;
  outputSchema: JsonObjectSchema;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

const cache = new WeakMap<Operation, OperationTool>();

export function operationTool(op: Operation): OperationTool {
  const cached = cache.get(op);
  if (cached) return cached;
  const tool: OperationTool = {
    name: toolName(op.name),
    title: op.title,
    description: op.description,
    inputSchema: compactJsonSchema(z.toJSONSchema(frontInputSchema(op), { io: 'input' }) as JsonObjectSchema, { io: 'input' }),
    outputSchema: outputSchemaOf(op),
    annotations: {
      readOnlyHint: op.effect === 'read',
      destructiveHint: op.effect === 'destructive',
      idempotentHint: op.effect === 'read',
      openWorldHint: false,
    },
  };
  cache.set(op, tool);
  return tool;
}

// An output schema keeps its shape down to the deepest level (at most the maximum) that fits in this many characters, the top level at least.
const OUTPUT_SCHEMA_BUDGET = 200;
const OUTPUT_SCHEMA_MAX_DEPTH = 3;

/** The whole output schema, compacted: what the untrusted-field rule reads. */
export function fullOutputSchema(op: Operation): JsonObjectSchema {
  return compactJsonSchema(z.toJSONSchema(op.output, { io: 'output' }) as JsonObjectSchema, { io: 'output' });
}

function outputSchemaOf(op: Operation): JsonObjectSchema {
  const full = fullOutputSchema(op);
  for (let depth = OUTPUT_SCHEMA_MAX_DEPTH; depth > 0; depth--) {
    const limited = limitSchemaDepth(full, depth);
    if (JSON.stringify(limited).length <= OUTPUT_SCHEMA_BUDGET) return limited;
  }
  return limitSchemaDepth(full, 0);
}

/**
 * Any registered operation, whether or not this caller may use it: a call to a tool the
 * caller was not shown (a stale list after a role change, a guessing model) still goes
 * through the runtime, which refuses it and audits the refusal.
 */
export function operationForTool(registry: Registry, name: string): Operation | undefined {
  return registry.list().find((op) => toolName(op.name) === name);
}
