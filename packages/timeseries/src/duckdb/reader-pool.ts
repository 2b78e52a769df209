import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Reader connections kept open between reads: a connection is cheap to open, but each keeps
 * its prepared guard statement (sql-guard.ts), which saves two trips to DuckDB per query.
 */
const MAX_IDLE_READERS = 4;

/** The read side of a tenant's database: a connection per read, so reads never wait for the writer (MVCC). */
export class ReaderPool {
  private readonly idle: DuckDBConnection[] = [];

  constructor(private readonly instance: DuckDBInstance) {}

  /**
   * A connection of its own per read, interrupted when `stop` fires. It goes back to the idle
   * readers after the read, unless it was interrupted: that one is closed, so no later read
   * meets whatever state the interrupt left.
   */
  async withReader<T>(stop: AbortSignal, read: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    stop.throwIfAborted();
    const connection = this.idle.pop() ?? (await this.instance.connect());
    const interrupt = (): void => connection.interrupt();
    stop.addEventListener('abort', interrupt, { once: true });
    try {
      stop.throwIfAborted();
      return await read(connection);
    } catch (error) {
      throw stop.aborted ? stop.reason : error;
    } finally {
      stop.removeEventListener('abort', interrupt);
      if (stop.aborted || this.idle.length >= MAX_IDLE_READERS) connection.closeSync();
      else this.idle.push(connection);
    }
  }

  /** Only when no read runs: the database is closing. */
  closeSync(): void {
    for (const connection of this.idle.splice(0)) connection.closeSync();
  }
}
