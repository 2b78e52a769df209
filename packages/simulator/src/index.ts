export {
  BEHAVIOR_KINDS,
  FAULT_KINDS,
  TAG_DATA_TYPES,
  behaviorSchema,
  DEMO_PLANT_MODEL_PATH,
  defaultPlantModelPath,
  faultSchema,
  loadPlantModel,
  parseEquipmentPath,
  plantModelSchema,
  plantTagSchema,
  PlantModelError,
  tagDataTypeSchema,
} from './plant-model.ts';
export type { Behavior, BehaviorKind, EquipmentPath, Fault, PlantModel, PlantTag, TagDataType } from './plant-model.ts';
export { createPlantClock } from './clock.ts';
export type { PlantClock, PlantClockOptions } from './clock.ts';
export { createTagSignal, sampleIndexAt } from './behaviors/index.ts';
export type { TagSignal, TagValue } from './behaviors/index.ts';
export { startPlantSimulator } from './server/start.ts';
export type { PlantSimulator, PlantSimulatorOptions } from './server/start.ts';
export type { ExtraTagsSpec } from './server/bench-nodes.ts';
export { plantFieldOf, plantMeasurementOf, plantSource, plantTagsOf, type PlantSourceOptions } from './facilflow/plant-source.ts';
export { plantMeasurementSchemas } from './facilflow/plant-schemas.ts';
export { plantAlertRules } from './facilflow/plant-alert-rules.ts';
