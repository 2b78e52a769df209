/** What has been started so far, stopped in reverse order; safe to call again while stopping. */
export class Closers {
  private readonly stack: Array<{ name: string; close: () => Promise<void> }> = [];
  private closing: Promise<void> | undefined;

  add(name: string, close: () => Promise<void>): void {
    this.stack.push({ name, close });
  }

  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      for (const { name, close } of this.stack.reverse()) {
        try {
          await close();
        } catch (error) {
          console.error(`Stopping the ${name} failed:`, error);
        }
      }
    })();
    return this.closing;
  }
}
