import { AttributeIds, BrowseDirection, StatusCodes, resolveNodeId, type ClientSession, type NodeId } from 'node-opcua-client';
import type { FieldValue } from '@facilflow/contracts';
import { dataTypeName } from './data-type-name.ts';
import { fieldValueOf } from './field-value.ts';

export interface TagReading {
  nodeId: string;
  /** Null when the value has no field representation (see fieldValueOf) or the read failed. */
  value: FieldValue | null;
  statusCode: string;
  sourceTimestamp: string | null;
  serverTimestamp: string | null;
  dataType: string;
  engineeringUnits?: { displayName: string; description: string; unitId: number; namespaceUri: string };
  euRange?: { low: number; high: number };
}

/** The current value of one variable with what a person needs to make sense of it: type, unit, range. */
export async function readTag(session: ClientSession, nodeIdText: string): Promise<TagReading> {
  const nodeId = resolveNodeId(nodeIdText);
  const [value, dataType] = await session.read([
    { nodeId, attributeId: AttributeIds.Value },
    { nodeId, attributeId: AttributeIds.DataType },
  ]);
  if (!value || !dataType) throw new Error(`read ${nodeIdText}: the server returned no result`);
  if (dataType.statusCode.equals(StatusCodes.BadNodeIdUnknown)) throw new Error(`${nodeIdText}: BadNodeIdUnknown`);
  if (dataType.statusCode.isNotGood()) throw new Error(`${nodeIdText} is not a variable (${dataType.statusCode.name})`);
  const reading: TagReading = {
    nodeId: nodeIdText,
    value: value.statusCode.isBad() ? null : (fieldValueOf(value.value) ?? null),
    statusCode: value.statusCode.name,
    sourceTimestamp: value.sourceTimestamp?.toISOString() ?? null,
    serverTimestamp: value.serverTimestamp?.toISOString() ?? null,
    dataType: dataTypeName(dataType.value.value as NodeId),
  };
  return { ...reading, ...(await analogProperties(session, nodeId)) };
}

/** EngineeringUnits and EURange, the properties of an analog item (OPC UA Part 8), when present. */
async function analogProperties(session: ClientSession, nodeId: NodeId): Promise<Pick<TagReading, 'engineeringUnits' | 'euRange'>> {
  const properties = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HasProperty',
    includeSubtypes: true,
    nodeClassMask: 0,
    resultMask: 0x3f,
  });
  const wanted = (properties.references ?? []).filter((r) => r.browseName.name === 'EngineeringUnits' || r.browseName.name === 'EURange');
  if (wanted.length === 0) return {};
  const values = await session.read(wanted.map((r) => ({ nodeId: r.nodeId, attributeId: AttributeIds.Value })));
  const result: Pick<TagReading, 'engineeringUnits' | 'euRange'> = {};
  wanted.forEach((reference, i) => {
    const property = values[i];
    if (!property?.statusCode.isGood()) return;
    const v: unknown = property.value.value;
    if (reference.browseName.name === 'EngineeringUnits' && isEuInformation(v)) {
      result.engineeringUnits = { displayName: v.displayName.text ?? '', description: v.description.text ?? '', unitId: v.unitId, namespaceUri: v.namespaceUri ?? '' };
    }
    if (reference.browseName.name === 'EURange' && isRange(v)) result.euRange = { low: v.low, high: v.high };
  });
  return result;
}

interface EuInformationLike {
  displayName: { text?: string | null };
  description: { text?: string | null };
  unitId: number;
  namespaceUri?: string | null;
}

function isEuInformation(v: unknown): v is EuInformationLike {
  return typeof v === 'object' && v !== null && 'unitId' in v && 'displayName' in v && 'description' in v;
}

function isRange(v: unknown): v is { low: number; high: number } {
  return typeof v === 'object' && v !== null && 'low' in v && 'high' in v && typeof v.low === 'number' && typeof v.high === 'number';
}
