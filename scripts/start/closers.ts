/** What has been started so far, stopped in reverse order; safe to call again while stopping. */
export class Closers {
  private readonly stack: Array<{ name: string; close: () => Promise<void> }> = [];
  private readonly open = new Map<string, 'running' | 'waiting'>();
  private closing: Promise<void> | undefined;

  /** A start that completes after the stop began (Ctrl-C during startup) is stopped at once. */
  add(name: string, close: () => Promise<void>): void {
    if (!this.closing) {
      this.stack.push({ name, close });
      return;
    }
    this.closing = this.closing.finally(() => this.closeOne({ name, close }));
  }

  /** Resolves once every closer ran; rejects after all ran if one failed. */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      const stack = this.stack.splice(0).reverse();
      for (const { name } of stack) this.open.set(name, 'waiting');
      let failed = false;
      for (const entry of stack) if (!(await this.closeOne(entry))) failed = true;
      if (failed) throw new Error('some parts did not stop cleanly (see above)');
    })();
    return this.settled();
  }

  /** The part stopping now, and those after it, for a stop that outlived its bound. */
  stillOpen(): string[] {
    return [...this.open].map(([name, state]) => (state === 'running' ? name : `${name} (not reached)`));
  }

  /** Waits for the parts added while stopping too, so the process exits only after them. */
  private async settled(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.closing) {
      seen = this.closing;
      await seen?.catch(() => undefined);
    }
    await seen;
  }

  private async closeOne({ name, close }: { name: string; close: () => Promise<void> }): Promise<boolean> {
    this.open.set(name, 'running');
    try {
      await close();
      return true;
    } catch (error) {
      console.error(`Stopping the ${name} failed:`, error);
      return false;
    } finally {
      this.open.delete(name);
    }
  }
}
