import { DataTypeIds, type NodeId } from 'node-opcua-client';

/** "Double", "UInt32", "EUInformation"... for standard types (the enum's reverse mapping); the NodeId text for a server's own. */
export function dataTypeName(dataType: NodeId): string {
  const standard = dataType.namespace === 0 && typeof dataType.value === 'number' ? (DataTypeIds as unknown as Record<number, string | undefined>)[dataType.value] : undefined;
  return standard ?? dataType.toString();
}
