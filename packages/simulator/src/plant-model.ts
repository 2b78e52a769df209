import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The demo plant file (`packages/simulator/plants/demo-plant.json`): an ISA-95 hierarchy of OPC UA tags
 * and how each one behaves. The simulator plays it; the agent and ingest use the same types to
 * name measurements, so the schema is the contract between them, not a simulator detail.
 */

/** Every behaviour kind and fault the file may use; `behaviorKinds` in the file lists the same names. */
export const BEHAVIOR_KINDS = ['sine', 'randomWalk', 'setpoint', 'constant', 'duty', 'states', 'counter', 'normal'] as const;
export const FAULT_KINDS = ['drift', 'flatline', 'spike'] as const;

export const TAG_DATA_TYPES = ['Double', 'UInt32', 'Boolean', 'String'] as const;
export const tagDataTypeSchema = z.enum(TAG_DATA_TYPES);
export type TagDataType = z.infer<typeof tagDataTypeSchema>;

const positiveSeconds = z.number().positive();

// Behaviours and faults are strict: a misspelt parameter would otherwise be dropped and the
// tag would silently play a different signal from the one the file describes.
export const driftFaultSchema = z.strictObject({
  kind: z.literal('drift'),
  afterS: z.number().nonnegative(),
  ratePerMin: z.number(),
});
export const flatlineFaultSchema = z.strictObject({
  kind: z.literal('flatline'),
  afterS: z.number().nonnegative(),
  durationS: positiveSeconds,
});
export const spikeFaultSchema = z.strictObject({
  kind: z.literal('spike'),
  everyS: positiveSeconds,
  value: z.number(),
});
export const faultSchema = z.discriminatedUnion('kind', [driftFaultSchema, flatlineFaultSchema, spikeFaultSchema]);
export type Fault = z.infer<typeof faultSchema>;
export type DriftFault = z.infer<typeof driftFaultSchema>;
export type FlatlineFault = z.infer<typeof flatlineFaultSchema>;
export type SpikeFault = z.infer<typeof spikeFaultSchema>;

const fault = faultSchema.optional();

export const sineBehaviorSchema = z.strictObject({
  kind: z.literal('sine'),
  mean: z.number(),
  amplitude: z.number(),
  periodS: positiveSeconds,
  noise: z.number().nonnegative().default(0),
  fault,
});
export const randomWalkBehaviorSchema = z
  .strictObject({
    kind: z.literal('randomWalk'),
    start: z.number(),
    step: z.number().nonnegative(),
    min: z.number(),
    max: z.number(),
    fault,
  })
  .refine((b) => b.min <= b.start && b.start <= b.max, 'start must lie within [min, max]');
export const setpointBehaviorSchema = z.strictObject({
  kind: z.literal('setpoint'),
  setpoint: z.number(),
  noise: z.number().nonnegative().default(0),
  fault,
});
export const constantBehaviorSchema = z.strictObject({
  kind: z.literal('constant'),
  value: z.union([z.number(), z.boolean(), z.string()]),
  fault,
});
export const dutyBehaviorSchema = z
  .strictObject({
    kind: z.literal('duty'),
    onS: z.number().nonnegative(),
    offS: z.number().nonnegative(),
    fault,
  })
  .refine((b) => b.onS + b.offS > 0, 'a duty cycle needs onS + offS > 0');
export const statesBehaviorSchema = z
  .strictObject({
    kind: z.literal('states'),
    values: z.array(z.string()).min(1),
    dwellS: z.array(positiveSeconds).min(1),
    fault,
  })
  .refine((b) => b.values.length === b.dwellS.length, 'values and dwellS need one entry per state');
export const counterBehaviorSchema = z
  .strictObject({
    kind: z.literal('counter'),
    incrementEveryS: positiveSeconds.optional(),
    ratePerS: positiveSeconds.optional(),
    fault,
  })
  .refine(
    (b) => (b.incrementEveryS === undefined) !== (b.ratePerS === undefined),
    'a counter needs exactly one of incrementEveryS or ratePerS'
  );
export const normalBehaviorSchema = z.strictObject({
  kind: z.literal('normal'),
  mean: z.number(),
  stddev: z.number().nonnegative(),
  fault,
});

export const behaviorSchema = z.discriminatedUnion('kind', [
  sineBehaviorSchema,
  randomWalkBehaviorSchema,
  setpointBehaviorSchema,
  constantBehaviorSchema,
  dutyBehaviorSchema,
  statesBehaviorSchema,
  counterBehaviorSchema,
  normalBehaviorSchema,
]);
export type Behavior = z.infer<typeof behaviorSchema>;
export type BehaviorKind = Behavior['kind'];
export type SineBehavior = z.infer<typeof sineBehaviorSchema>;
export type RandomWalkBehavior = z.infer<typeof randomWalkBehaviorSchema>;
export type SetpointBehavior = z.infer<typeof setpointBehaviorSchema>;
export type ConstantBehavior = z.infer<typeof constantBehaviorSchema>;
export type DutyBehavior = z.infer<typeof dutyBehaviorSchema>;
export type StatesBehavior = z.infer<typeof statesBehaviorSchema>;
export type CounterBehavior = z.infer<typeof counterBehaviorSchema>;
export type NormalBehavior = z.infer<typeof normalBehaviorSchema>;

/** Dotted ISA-95 equipment path: Enterprise.Site.Area[.Line].Machine. */
const equipmentPathSchema = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){3,4}$/, 'expected Enterprise.Site.Area[.Line].Machine');

export const plantTagSchema = z.object({
  path: equipmentPathSchema,
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a tag name is one path segment'),
  nodeId: z.string().regex(/^ns=\d+;s=.+$/, 'expected a string NodeId such as ns=1;s=Area.Machine.Tag'),
  dataType: tagDataTypeSchema,
  unit: z.string().min(1).nullable(),
  range: z.object({ min: z.number().nullable(), max: z.number().nullable() }),
  samplingIntervalMs: z.number().int().positive(),
  behavior: behaviorSchema,
});
export type PlantTag = z.infer<typeof plantTagSchema>;

export const plantModelSchema = z
  .object({
    $comment: z.string().optional(),
    enterprise: z.string().min(1),
    site: z.string().min(1),
    timezone: z.string().refine(isIanaTimeZone, 'expected an IANA time zone such as Europe/Berlin'),
    opcua: z.object({
      namespaceUri: z.string().min(1),
      defaultPort: z.number().int().min(0).max(65535),
    }),
    behaviorKinds: z.record(z.string(), z.string()).optional(),
    tags: z.array(plantTagSchema).min(1),
  })
  .superRefine((model, ctx) => {
    const seen = new Set<string>();
    model.tags.forEach((tag, i) => {
      const issue = (message: string, ...path: (string | number)[]) =>
        ctx.addIssue({ code: 'custom', message, path: ['tags', i, ...path] });
      if (seen.has(tag.nodeId)) issue(`duplicate nodeId ${tag.nodeId}`, 'nodeId');
      seen.add(tag.nodeId);
      if (!tag.path.startsWith(`${model.enterprise}.${model.site}.`))
        issue(`path must start with ${model.enterprise}.${model.site}.`, 'path');
      const mismatch = behaviorTypeMismatch(tag);
      if (mismatch) issue(mismatch, 'behavior');
    });
  });
export type PlantModel = z.infer<typeof plantModelSchema>;

const NUMERIC_TYPES: readonly TagDataType[] = ['Double', 'UInt32'];

/** A behaviour must produce values of the tag's OPC UA data type; the file is checked once, not every sample. */
function behaviorTypeMismatch(tag: PlantTag): string | undefined {
  const { behavior, dataType } = tag;
  const numeric = NUMERIC_TYPES.includes(dataType);
  switch (behavior.kind) {
    case 'duty':
      if (dataType !== 'Boolean') return 'duty produces Boolean values';
      break;
    case 'states':
      if (dataType !== 'String') return 'states produces String values';
      break;
    case 'constant': {
      const type = typeof behavior.value;
      const expected = numeric ? 'number' : dataType === 'Boolean' ? 'boolean' : 'string';
      if (type !== expected) return `constant value must be a ${expected} for a ${dataType} tag`;
      break;
    }
    default:
      if (!numeric) return `${behavior.kind} produces numbers, not ${dataType}`;
  }
  if (behavior.fault && behavior.fault.kind !== 'flatline' && !numeric) return `a ${behavior.fault.kind} fault needs a numeric tag`;
  return undefined;
}

function isIanaTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Where a tag sits in the ISA-95 hierarchy; `line` is absent for machines that hang directly off an area. */
export interface EquipmentPath {
  enterprise: string;
  site: string;
  area: string;
  line?: string;
  machine: string;
}

export function parseEquipmentPath(path: string): EquipmentPath {
  const parts = equipmentPathSchema.parse(path).split('.');
  const [enterprise, site, area] = parts as [string, string, string];
  const machine = parts[parts.length - 1] as string;
  return parts.length === 5 ? { enterprise, site, area, line: parts[3], machine } : { enterprise, site, area, machine };
}

/**
 * The demo plant the package ships, found from this module rather than the working directory
 * so that it resolves the same from the sources, a build or an installed copy.
 */
export const DEMO_PLANT_MODEL_PATH = fileURLToPath(new URL('../plants/demo-plant.json', import.meta.url));

/** FACILFLOW_PLANT_MODEL overrides the shipped plant, as does the path given to loadPlantModel. */
export function defaultPlantModelPath(): string {
  return process.env.FACILFLOW_PLANT_MODEL ?? DEMO_PLANT_MODEL_PATH;
}

export class PlantModelError extends Error {
  override readonly name = 'PlantModelError';
}

export async function loadPlantModel(path: string = defaultPlantModelPath()): Promise<PlantModel> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new PlantModelError(`cannot read plant model ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = plantModelSchema.safeParse(raw);
  if (!parsed.success) throw new PlantModelError(`invalid plant model ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
