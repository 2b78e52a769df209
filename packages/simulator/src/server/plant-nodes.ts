import { DataType, Variant, type Namespace, type UAObject, type UAVariable } from 'node-opcua';
import { createTagSignal } from '../behaviors/index.ts';
import type { PlantModel, PlantTag } from '../plant-model.ts';
import { euInformationFor } from './engineering-units.ts';
import { EXCEPTION_BASED, type Publisher } from './publisher.ts';

const LEVELS_WITH_LINE = ['Enterprise', 'Site', 'Area', 'Line', 'Machine'] as const;
const LEVELS_WITHOUT_LINE = ['Enterprise', 'Site', 'Area', 'Machine'] as const;

/**
 * The plant as an ISA-95 tree under Objects: Enterprise → Site → Area → (Line →) Machine. Each
 * level is a folder whose NodeId is its dotted path (ns=1;s=AcmeFoods.Riverside.Baking), each
 * machine an object whose variables carry the exact NodeIds of the plant file. Machines that hang
 * directly off an area in the file (Mixing.Mixer1, Utilities.Compressor1) have no line level.
 * Returns the tags' NodeIds in file order.
 */
export function addPlantNodes(
  namespace: Namespace,
  objectsFolder: UAObject,
  model: PlantModel,
  publisher: Publisher,
  seed: number
): string[] {
  const equipment = new Map<string, UAObject>();
  const machineFor = (path: string): UAObject => {
    const segments = path.split('.');
    const levels = segments.length === LEVELS_WITH_LINE.length ? LEVELS_WITH_LINE : LEVELS_WITHOUT_LINE;
    let parent = objectsFolder;
    for (const [i, name] of segments.entries()) {
      const id = segments.slice(0, i + 1).join('.');
      let node = equipment.get(id);
      if (!node) {
        const level = levels[i] ?? 'Machine';
        const options = { nodeId: `s=${id}`, browseName: name, description: `ISA-95 ${level}` };
        node = level === 'Machine' ? namespace.addObject({ ...options, organizedBy: parent }) : namespace.addFolder(parent, options);
        equipment.set(id, node);
      }
      parent = node;
    }
    return parent;
  };
  for (const tag of model.tags) {
    const variable = addTagVariable(namespace, machineFor(tag.path), tag, model.opcua.namespaceUri);
    publisher.add(tag.samplingIntervalMs, variable, tag.dataType, createTagSignal(tag, seed).sample);
  }
  return model.tags.map((tag) => tag.nodeId);
}

/**
 * Numeric tags are analog items: AnalogItemType with EURange when the file bounds both ends,
 * BaseAnalogType (EURange optional) when it leaves one open, as counters and meters do — the server
 * does not invent a bound the file does not give. Both carry EngineeringUnits when the tag has a
 * unit. Boolean and String tags are plain data variables. All are read-only: the plant writes them.
 */
function addTagVariable(namespace: Namespace, machine: UAObject, tag: PlantTag, namespaceUri: string): UAVariable {
  const common = {
    componentOf: machine,
    nodeId: `s=${stringIdentifier(tag, namespace.index)}`,
    browseName: tag.name,
    dataType: tag.dataType,
    accessLevel: 'CurrentRead',
    userAccessLevel: 'CurrentRead',
    minimumSamplingInterval: EXCEPTION_BASED,
  };
  if (tag.dataType === 'Boolean' || tag.dataType === 'String') return namespace.addVariable(common);
  const units = tag.unit === null ? undefined : euInformationFor(tag.unit, namespaceUri);
  const { min, max } = tag.range;
  if (min !== null && max !== null) {
    return namespace.addAnalogDataItem({
      ...common,
      engineeringUnitsRange: { low: min, high: max },
      ...(units ? { engineeringUnits: units } : {}),
    });
  }
  const variable = namespace.addVariable({ ...common, typeDefinition: 'BaseAnalogType' });
  if (units) {
    namespace.addVariable({
      propertyOf: variable,
      browseName: { name: 'EngineeringUnits', namespaceIndex: 0 },
      typeDefinition: 'PropertyType',
      dataType: 'EUInformation',
      accessLevel: 'CurrentRead',
      minimumSamplingInterval: 0,
      value: new Variant({ dataType: DataType.ExtensionObject, value: units }),
    });
  }
  return variable;
}

/** The `s=` part of the file's NodeId, after checking the file means the namespace the server serves the plant in. */
function stringIdentifier(tag: PlantTag, namespaceIndex: number): string {
  const match = /^ns=(\d+);s=(.+)$/.exec(tag.nodeId);
  if (!match || Number(match[1]) !== namespaceIndex || match[2] === undefined) {
    throw new Error(`${tag.nodeId}: the plant namespace is served as ns=${namespaceIndex}; the file's NodeIds must use it`);
  }
  return match[2];
}
