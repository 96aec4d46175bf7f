import { formatDuration } from './format/time.js';

const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often; a log (not a terminal) gets a line at most this often. */
const TTY_REDRAW_MS = 100;
const LOG_LINE_MS = 2_000;

/**
 * Progress on stderr (stdout stays clean for the result): a bar with done/total and the time left, redrawn in place
 * on a terminal; occasional plain lines otherwise (CI logs, tests).
 */
export class ProgressBar {
  private readonly startedAt: number;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private last = { done: 0, total: 0 };

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean },
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  update(done: number, total: number): void {
    this.last = { done, total };
    const now = this.now();
    if (now - this.lastDrawAt < (this.stream.isTTY ? TTY_REDRAW_MS : LOG_LINE_MS)) return;
    this.lastDrawAt = now;
    this.draw(now);
  }

  finish(): void {
    const { done, total } = this.last;
    const elapsed = formatDuration(this.now() - this.startedAt);
    const text = `${this.label} ${done}/${total} in ${elapsed}`;
    this.stream.write(this.stream.isTTY ? `\r${text}\x1b[K\n` : `${text}\n`);
  }

  private draw(now: number): void {
    const { done, total } = this.last;
    const elapsed = now - this.startedAt;
    const eta =
      done > 0 && done < total ? `, about ${formatDuration((elapsed / done) * (total - done))} left` : '';
    const text = `${this.label} ${done}/${total}${eta}`;
    if (!this.stream.isTTY) {
      this.stream.write(`${text}\n`);
      return;
    }
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
  }
}
