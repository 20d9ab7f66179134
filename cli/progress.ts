import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { stringWidth, truncateToWidth } from './text-width.js';

export interface ProgressUpdate {
  done: number;
  total: number;
  /** What is being worked on, e.g. `衡阳 page 3`. */
  label: string;
  /** Running totals, e.g. `42 stored, 1 failed`. */
  detail: string;
}

/**
 * Progress on stderr: one `\r`-rewritten bar on a terminal, plain lines otherwise (logs, CI,
 * pipes), so redirected output never fills with carriage returns.
 */
export class Progress {
  private lastWidth = 0;
  private readonly tty: boolean;

  constructor(private readonly err: CliIo['stderr']) {
    this.tty = Boolean(err.isTTY);
  }

  update(state: ProgressUpdate): void {
    if (!this.tty) {
      writeLine(
        this.err,
        `newsmon: backfill ${state.label} (${state.done}/${state.total} pages): ${state.detail}`,
      );
      return;
    }
    const barWidth = 20;
    const filled = state.total === 0 ? barWidth : Math.round((state.done / state.total) * barWidth);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
    // A pseudo-terminal without a size reports 0 columns.
    const columns = this.err.columns && this.err.columns > 0 ? this.err.columns : 80;
    const line = truncateToWidth(
      `[${bar}] ${state.done}/${state.total} pages · ${state.detail} · ${state.label}`,
      Math.max(20, columns - 1),
    );
    const width = stringWidth(line);
    // Blank out what is left of a longer previous line.
    this.err.write(`\r${line}${' '.repeat(Math.max(0, this.lastWidth - width))}`);
    this.lastWidth = width;
  }

  /** Ends the bar line so the next output starts on a fresh line. */
  finish(): void {
    if (this.tty && this.lastWidth > 0) this.err.write('\n');
    this.lastWidth = 0;
  }

  /** Prints a message without breaking the bar (a warning during a backfill). */
  note(text: string): void {
    if (this.tty && this.lastWidth > 0) {
      this.err.write(`\r${' '.repeat(this.lastWidth)}\r`);
      this.lastWidth = 0;
    }
    writeLine(this.err, text);
  }
}
