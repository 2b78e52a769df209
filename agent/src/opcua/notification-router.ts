import { DataChangeNotification, type DataValue, type NotificationMessage } from 'node-opcua-client';
import type { TagBinding } from './tag-binding.ts';

/**
 * The monitored items of one subscription as a table from clientHandle to the tag it reads:
 * handle n is slot n - 1. The agent creates its items itself (monitored-items.ts) instead of
 * through node-opcua's ClientMonitoredItem(Group), which keeps per item an event emitter, a
 * ReadValueId, MonitoringParameters, the create result and listener closures — tens of MiB at
 * 50,000 items; here an item is one array slot.
 */
export class NotificationRouter {
  readonly #bindings: Array<TagBinding | null> = [];
  readonly #onValue: (binding: TagBinding, dataValue: DataValue) => void;

  constructor(onValue: (binding: TagBinding, dataValue: DataValue) => void) {
    this.#onValue = onValue;
  }

  /** Reserves the handle an item is created with; its notifications are routed from now on, so none that beats the create response is lost. */
  add(binding: TagBinding): number {
    this.#bindings.push(binding);
    return this.#bindings.length;
  }

  /** The server refused the item: nothing is routed to its tag any more. */
  drop(clientHandle: number): void {
    if (clientHandle >= 1 && clientHandle <= this.#bindings.length) this.#bindings[clientHandle - 1] = null;
  }

  /** Forgets every item, for a subscription the server replaced (its items are gone with it). */
  clear(): void {
    this.#bindings.length = 0;
  }

  /**
   * Hands every data change of a publish response to its tag. Called from the subscription's
   * `raw_notification`, which node-opcua emits before dispatching the message to its own
   * monitored items; it has none for these handles and would log an unknown-handle warning for
   * every response, so the data changes are taken out of the message once routed. Status
   * changes (a subscription timing out) stay for node-opcua to act on.
   */
  route(message: NotificationMessage): void {
    for (const notification of message.notificationData ?? []) {
      if (!(notification instanceof DataChangeNotification)) continue;
      for (const item of notification.monitoredItems ?? []) {
        const binding = this.#bindings[item.clientHandle - 1];
        if (binding) this.#onValue(binding, item.value);
      }
      notification.monitoredItems = [];
    }
  }
}
