import { loadPlantModel, type PlantModel, type PlantTag } from '../../src/plant-model.ts';

/** The demo plant, read the way the simulator reads it. */
export const demoPlant: PlantModel = await loadPlantModel();

export function tagOf(model: PlantModel, nodeIdSuffix: string): PlantTag {
  const tag = model.tags.find((t) => t.nodeId.endsWith(`;s=AcmeFoods.Riverside.${nodeIdSuffix}`));
  if (!tag) throw new Error(`no tag ${nodeIdSuffix} in the demo plant`);
  return tag;
}

/** The same tag without its fault: what the signal would have been had nothing gone wrong. */
export function healthy(tag: PlantTag): PlantTag {
  return { ...tag, behavior: { ...tag.behavior, fault: undefined } };
}
