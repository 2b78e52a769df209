/** A server started by one of the serve functions; close releases everything it opened. */
export interface RunningServer {
  close(): Promise<void>;
}
