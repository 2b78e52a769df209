/**
 * Fire-and-forget pub/sub for live fan-out (Socket.IO rooms) and cross-node events.
 * Delivery is at most once: a subscriber that is not connected when a message is
 * published never sees it. Anything that must not be lost goes through the JobQueue.
 */
export interface Bus {
  /** Sends `message` (JSON-serializable) to every current subscriber of `channel`. */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Subscribes to a channel, or to a pattern where `*` stands for any run of
   * characters (`tenant:*:agents`). Resolves once the subscription is active, so a
   * message published afterwards is delivered; resolves to the function that ends it.
   */
  subscribe(channelOrPattern: string, handler: BusHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Receives the decoded message and the concrete channel it was published on. */
export type BusHandler = (message: unknown, channel: string) => void | Promise<void>;

export type Unsubscribe = () => Promise<void>;
