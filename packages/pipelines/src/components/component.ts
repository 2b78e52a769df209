import type { PipelineRow } from '@facilflow/contracts';
import type { z } from 'zod';
import type { ComponentServices } from './component-services.ts';

export type ComponentCategory = 'source' | 'transform' | 'control' | 'sink';

/** What a stage reads and writes: rows, events for the alerts engine, or nothing (a sink's end). */
export type PortKind = 'rows' | 'events' | 'none';

/** Where a stage runs: a batch run over a time range, or incrementally on the written-telemetry stream. */
export type ExecutionMode = 'batch' | 'stream';

export interface InputPorts {
  kind: PortKind;
  /** How many `needs` the stage takes: a source 0, a filter 1, an as-of join 2. */
  min: number;
  max: number;
}

export interface OutputPorts {
  kind: PortKind;
  /** Named outputs besides the main one, read as `stageId.port` (`late`, `error`, a router's routes). */
  extra?: (config: never) => string[];
}

export type ParamValue = string | number | boolean;

/** The facts a stage attempt runs with; every service call takes `signal`. */
export interface StageContext<Config> {
  config: Config;
  tenantId: string;
  pipelineId: string;
  runId: string;
  stageId: string;
  attempt: number;
  params: Readonly<Record<string, ParamValue>>;
  /** The run's time range (epoch ms, [from, to)): a cron firing's slot, a backfill slice, a manual run's choice. */
  range: { from: number; to: number } | null;
  /** The run's variables (`control.variable-set` writes them, expressions read them as `vars.name`). */
  vars: Map<string, ParamValue | null>;
  services: ComponentServices;
  /** Cancelled when the run is cancelled or the attempt times out. */
  signal: AbortSignal;
  log(message: string, data?: Record<string, unknown>): void;
}

/** Rows on the main output and, where the component has them, on named ports. */
export interface StageOutput {
  rows: PipelineRow[];
  ports?: Record<string, PipelineRow[]>;
}

/** Inputs by their `needs` reference, in `needs` order. */
export type StageInputs = ReadonlyArray<{ ref: string; rows: PipelineRow[] }>;

/**
 * A stream stage: fed rows as the written-telemetry stream delivers them, told when event time
 * has advanced (the watermark, so windows close even when a source goes idle), and asked for its
 * state at each checkpoint so a restarted worker resumes with no loss and no double emit.
 */
export interface StreamOperator {
  process(inputRef: string, rows: PipelineRow[]): StageOutput | Promise<StageOutput>;
  advance(watermark: number): StageOutput | Promise<StageOutput>;
  /** JSON-serializable state; `restore` is given it back. */
  snapshot(): unknown;
}

/** An expression held in a stage's config, with its path inside `with`, for validation to compile. */
export interface ConfigExpression {
  path: (string | number)[];
  source: string;
}

/** A config problem the zod schema cannot see (a decision table's entries, a pattern); the path is inside `with`. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** `invalid_expression` for text in the expression language or the decision-table entries; `invalid_config` otherwise. */
  code?: 'invalid_config' | 'invalid_expression';
}

export interface ComponentExample {
  title: string;
  with: Record<string, unknown>;
}

/**
 * One component: its name, its configuration schema, its ports, a description written for
 * people and for models, an example, and how it runs.
 */
export interface ComponentDefinition<ConfigSchema extends z.ZodType = z.ZodType> {
  name: `${ComponentCategory}.${string}`;
  category: ComponentCategory;
  title: string;
  description: string;
  config: ConfigSchema;
  input: InputPorts;
  output: OutputPorts;
  modes: readonly ExecutionMode[];
  examples: readonly ComponentExample[];
  /** Batch mode: all of the inputs at once. */
  run?(context: StageContext<z.output<ConfigSchema>>, inputs: StageInputs): Promise<StageOutput>;
  /** Stream mode: an operator, from a checkpointed state when there is one. */
  stream?(context: StageContext<z.output<ConfigSchema>>, restored: unknown): StreamOperator;
  /** The expressions of a parsed config; validation compiles them and checks their `params.x` against the spec. */
  expressions?(config: z.output<ConfigSchema>): ConfigExpression[];
  /** Checks past the zod schema, run by validation on a config the schema accepted. */
  check?(config: z.output<ConfigSchema>): ConfigIssue[];
}

/** Keeps a component's config type while it is listed with others. */
export function defineComponent<ConfigSchema extends z.ZodType>(component: ComponentDefinition<ConfigSchema>): ComponentDefinition<ConfigSchema> {
  return component;
}
