/** Where the demo writes: a terminal gets one line redrawn in place, anything else a plain line now and then. */
export interface ProgressOutput {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * Progress on one line: on a terminal the line is redrawn in place (`\r` + clear line); elsewhere (a pipe, CI)
 * a plain line is printed at most every `plainEveryMs`, so a log stays readable.
 */
export class ProgressLine {
  private current = '';
  private lastPlainAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: ProgressOutput = process.stdout,
    private readonly plainEveryMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Shows `line` as the current progress. */
  update(line: string): void {
    if (this.tty) {
      const width = this.out.columns ?? 120;
      this.current = line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line;
      this.out.write(`${CLEAR_LINE}${this.current}`);
      return;
    }
    if (this.now() - this.lastPlainAt < this.plainEveryMs) return;
    this.lastPlainAt = this.now();
    this.out.write(`${line}\n`);
  }

  /** Prints a line of its own above the progress line (which is redrawn under it). */
  say(line: string): void {
    if (!this.tty) {
      this.out.write(`${line}\n`);
      return;
    }
    this.out.write(`${CLEAR_LINE}${line}\n${this.current}`);
  }

  /** Leaves the last progress line on screen (plain output: prints it whatever the interval). */
  finish(line: string): void {
    if (this.tty) this.out.write(`${CLEAR_LINE}${line}\n`);
    else this.out.write(`${line}\n`);
    this.current = '';
  }
}
