import type { Clock } from './ports.js';

const MINUTE_MS = 60_000;

/**
 * Paces sends to one destination: at most `perMinute` in any sliding minute and at least
 * `minGapMs` apart. Retries go through it too, so a backoff never bursts past the robot's limit.
 */
export class Pacer {
  private readonly sent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly minGapMs: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves when the next send may go, and counts it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - MINUTE_MS) this.sent.shift();
      const last = this.sent.at(-1);
      const gapWait = last === undefined ? 0 : last + this.minGapMs - now;
      const oldest = this.sent[0];
      const windowWait =
        this.sent.length >= this.perMinute && oldest !== undefined ? oldest + MINUTE_MS - now : 0;
      const wait = Math.max(gapWait, windowWait);
      if (wait <= 0) {
        this.sent.push(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }
}
