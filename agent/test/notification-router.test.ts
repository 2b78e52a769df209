import {
  DataChangeNotification,
  DataType,
  DataValue,
  MonitoredItemNotification,
  NotificationMessage,
  StatusChangeNotification,
  StatusCodes,
} from 'node-opcua-client';
import { describe, expect, it } from 'vitest';
import { NotificationRouter } from '../src/opcua/notification-router.ts';
import { bindTag, type TagBinding } from '../src/opcua/tag-binding.ts';

const binding = (i: number): TagBinding => bindTag({ nodeId: `ns=1;s=Tag_${i}`, measurement: 'bench', field: 'value', tags: { tag: String(i) }, samplingIntervalMs: 1000 });

const dataValue = (value: number, sourceMs: number, statusCode = StatusCodes.Good): DataValue =>
  new DataValue({ value: { dataType: DataType.Double, value }, statusCode, sourceTimestamp: new Date(sourceMs), serverTimestamp: new Date(sourceMs + 1) });

/** A publish response as node-opcua decodes it: data changes for these handles, and whatever else is given. */
function message(changes: Array<[clientHandle: number, value: DataValue]>, ...others: StatusChangeNotification[]): NotificationMessage {
  const monitoredItems = changes.map(([clientHandle, value]) => new MonitoredItemNotification({ clientHandle, value }));
  return new NotificationMessage({ sequenceNumber: 1, publishTime: new Date(), notificationData: [new DataChangeNotification({ monitoredItems }), ...others] });
}

function recordingRouter(): { router: NotificationRouter; routed: Array<{ binding: TagBinding; dataValue: DataValue }> } {
  const routed: Array<{ binding: TagBinding; dataValue: DataValue }> = [];
  return { router: new NotificationRouter((b, dataValue) => routed.push({ binding: b, dataValue })), routed };
}

describe('notification router', () => {
  it('hands each data change to the tag its clientHandle was created for, with its value, timestamps and status as received', () => {
    const { router, routed } = recordingRouter();
    const bindings = Array.from({ length: 5000 }, (_, i) => binding(i));
    const handles = bindings.map((b) => router.add(b));
    expect(new Set(handles).size).toBe(bindings.length);
    expect(handles.every((handle) => handle > 0)).toBe(true);

    // Out of order and interleaved, as a server's queue may deliver them; one Bad value among them.
    const changes: Array<[number, DataValue]> = handles.map((handle, i) => [handle, dataValue(i * 0.5, 1_700_000_000_000 + i, i === 42 ? StatusCodes.BadSensorFailure : StatusCodes.Good)]);
    changes.reverse();
    router.route(message(changes));

    expect(routed).toHaveLength(bindings.length);
    for (const { binding: routedTo, dataValue: value } of routed) {
      const i = Number(routedTo.tags.tag);
      expect(routedTo).toBe(bindings[i]);
      expect(value.value.value).toBe(i * 0.5);
      expect(value.sourceTimestamp?.getTime()).toBe(1_700_000_000_000 + i);
      expect(value.serverTimestamp?.getTime()).toBe(1_700_000_000_001 + i);
      expect(value.statusCode.name).toBe(i === 42 ? 'BadSensorFailure' : 'Good');
    }
  });

  it('routes nothing for a handle it never gave, one the server refused, or after the subscription lost its items', () => {
    const { router, routed } = recordingRouter();
    const kept = router.add(binding(1));
    const refused = router.add(binding(2));
    router.drop(refused);
    router.route(message([[kept, dataValue(1, 1)], [refused, dataValue(2, 2)], [99, dataValue(3, 3)], [0, dataValue(4, 4)]]));
    expect(routed.map((r) => r.binding.nodeId)).toEqual(['ns=1;s=Tag_1']);

    router.clear();
    router.route(message([[kept, dataValue(5, 5)]]));
    expect(routed).toHaveLength(1);
    // Handles start again from the first once cleared: the re-created items get the same ones in the same order.
    expect(router.add(binding(1))).toBe(kept);
  });

  it('takes the routed data changes out of the message and leaves status changes for node-opcua', () => {
    const { router } = recordingRouter();
    const handle = router.add(binding(1));
    const timeout = new StatusChangeNotification({ status: StatusCodes.BadTimeout });
    const routedMessage = message([[handle, dataValue(1, 1)]], timeout);
    router.route(routedMessage);
    const [dataChanges, statusChange] = routedMessage.notificationData ?? [];
    expect((dataChanges as DataChangeNotification).monitoredItems).toEqual([]);
    expect(statusChange).toBe(timeout);
  });
});
