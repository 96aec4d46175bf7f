/**
 * Caps the webhooks ingest holds at once. A slot is taken when a request arrives (before its body is read) and
 * given back only when its handler has settled (every Redis command it sent replied or timed out), not when it was
 * answered, so what a stalled Redis can make ingest hold is bounded by the cap (docs/decisions/018).
 */
export class InFlightLimit {
  private held = 0;

  constructor(
    readonly max: number,
    private readonly onChange: (count: number) => void = () => {},
  ) {}

  get count(): number {
    return this.held;
  }

  /** A release function (calling it more than once releases once), or undefined when every slot is taken. */
  tryAcquire(): (() => void) | undefined {
    if (this.held >= this.max) return undefined;
    this.held++;
    this.onChange(this.held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.onChange(this.held);
    };
  }
}
