import {
  AttributeIds,
  CreateMonitoredItemsRequest,
  MonitoredItemCreateRequest,
  MonitoringMode,
  resolveNodeId,
  TimestampsToReturn,
  type ClientSession,
  type ClientSessionRawSubscriptionService,
} from 'node-opcua-client';
import type { MonitoringChunk } from './monitoring.ts';
import type { NotificationRouter } from './notification-router.ts';

/** A tag the server would not monitor, and why (the status code's name). */
export interface RefusedItem {
  nodeId: string;
  status: string;
}

/**
 * One CreateMonitoredItems call for a chunk of tags, each under the handle the router gives it.
 * The request is dropped once answered: the router's table is all that stays per item. Items
 * the server refuses are dropped from the router and returned.
 */
export async function createMonitoredItems(session: ClientSession, subscriptionId: number, chunk: MonitoringChunk, router: NotificationRouter): Promise<RefusedItem[]> {
  const handles = chunk.bindings.map((binding) => router.add(binding));
  const request = new CreateMonitoredItemsRequest({
    subscriptionId,
    timestampsToReturn: TimestampsToReturn.Both,
    itemsToCreate: chunk.bindings.map(
      (binding, i) =>
        new MonitoredItemCreateRequest({
          itemToMonitor: { nodeId: resolveNodeId(binding.nodeId), attributeId: AttributeIds.Value },
          monitoringMode: MonitoringMode.Reporting,
          requestedParameters: { ...chunk.parameters, clientHandle: handles[i]! },
        }),
    ),
  });
  const response = await rawSubscriptionService(session).createMonitoredItems(request);
  const results = response.results ?? [];
  const refused: RefusedItem[] = [];
  chunk.bindings.forEach((binding, i) => {
    const statusCode = results[i]?.statusCode;
    if (statusCode?.isGood()) return;
    router.drop(handles[i]!);
    // Named as the server knows it (ns=0 left out, aliases resolved), as node-opcua's items name it.
    refused.push({ nodeId: resolveNodeId(binding.nodeId).toString(), status: statusCode?.name ?? 'no result' });
  });
  return refused;
}

/**
 * node-opcua's ClientSession type leaves out the raw subscription service that its session
 * implements (its own reconnection code calls createMonitoredItems on it): checked, not assumed.
 */
function rawSubscriptionService(session: ClientSession): ClientSessionRawSubscriptionService {
  const raw = session as ClientSession & Partial<ClientSessionRawSubscriptionService>;
  if (typeof raw.createMonitoredItems !== 'function') throw new Error('the OPC UA session offers no CreateMonitoredItems service');
  return raw as ClientSession & ClientSessionRawSubscriptionService;
}
