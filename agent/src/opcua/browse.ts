import { AttributeIds, BrowseDirection, NodeClass, resolveNodeId, type ClientSession, type NodeId } from 'node-opcua-client';
import { dataTypeName } from './data-type-name.ts';

export interface BrowsedReference {
  nodeId: string;
  /** Qualified: "1:Oven2" (namespace index, name); standard nodes have no prefix. */
  browseName: string;
  displayName: string;
  nodeClass: string;
  typeDefinition: string | null;
  /** For variables: the DataType, e.g. "Double". */
  dataType?: string;
}

export interface BrowsePage {
  nodeId: string;
  references: BrowsedReference[];
  /** Present when the server has more: pass it back (with the same nodeId) for the next page. */
  continuationPoint?: string;
}

export interface BrowseArgs {
  nodeId: string;
  continuationPoint?: string;
  maxReferences: number;
}

/**
 * One page of the hierarchical children of a node. The first page is a Browse asking for at most
 * `maxReferences`; the server answers with a continuation point when there are more, and the
 * following pages are BrowseNext calls with it (their size was fixed by the first call). The
 * continuation point is the server's handle, bound to this session: it travels base64-encoded
 * and is gone if the source reconnects in between.
 */
export async function browsePage(session: ClientSession, { nodeId, continuationPoint, maxReferences }: BrowseArgs): Promise<BrowsePage> {
  let result;
  if (continuationPoint === undefined) {
    // Read when the request is built, synchronously, so concurrent browses cannot mix their limits.
    session.requestedMaxReferencesPerNode = maxReferences;
    result = await session.browse({
      nodeId: resolveNodeId(nodeId),
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: 'HierarchicalReferences',
      includeSubtypes: true,
      nodeClassMask: 0,
      resultMask: 0x3f,
    });
  } else {
    result = await session.browseNext(Buffer.from(continuationPoint, 'base64'), false);
  }
  if (result.statusCode.isNotGood()) throw new Error(`browse ${nodeId}: ${result.statusCode.name}`);
  const references = result.references ?? [];
  const dataTypes = await variableDataTypes(
    session,
    references.filter((r) => r.nodeClass === NodeClass.Variable).map((r) => r.nodeId),
  );
  const page: BrowsePage = {
    nodeId,
    references: references.map((r) => {
      const reference: BrowsedReference = {
        nodeId: r.nodeId.toString(),
        browseName: r.browseName.toString(),
        displayName: r.displayName.text ?? r.browseName.name ?? '',
        nodeClass: NodeClass[r.nodeClass] ?? String(r.nodeClass),
        typeDefinition: r.typeDefinition.isEmpty() ? null : r.typeDefinition.toString(),
      };
      const dataType = dataTypes.get(reference.nodeId);
      if (dataType !== undefined) reference.dataType = dataType;
      return reference;
    }),
  };
  if (result.continuationPoint && result.continuationPoint.length > 0) page.continuationPoint = result.continuationPoint.toString('base64');
  return page;
}

/** The DataType of each variable, in one Read. */
async function variableDataTypes(session: ClientSession, nodeIds: NodeId[]): Promise<Map<string, string>> {
  if (nodeIds.length === 0) return new Map();
  const values = await session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.DataType })));
  const names = new Map<string, string>();
  values.forEach((value, i) => {
    const nodeId = nodeIds[i];
    if (nodeId && value.statusCode.isGood()) names.set(nodeId.toString(), dataTypeName(value.value.value as NodeId));
  });
  return names;
}
