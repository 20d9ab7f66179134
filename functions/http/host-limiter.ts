interface HostState {
  active: number;
  /** Earliest time (in `now()` units) the next request to this host may start. */
  nextStartAt: number;
  waiters: Array<() => void>;
}

export interface HostLimiterOptions {
  maxConcurrent: number;
  minIntervalMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
}

/**
 * Per-host politeness: at most `maxConcurrent` requests in flight and request starts at least
 * `minIntervalMs` apart. Start times are reserved when a slot is granted, so concurrent callers
 * queue behind each other instead of all waking at the same instant, and an injected `sleep` that
 * returns at once (tests) cannot make the limiter spin.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly options: HostLimiterOptions) {}

  /** Runs `task` when a slot and a start time are free; `signal` only cuts the interval wait short. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.stateFor(host);
    await this.acquire(state);
    try {
      const now = this.options.now();
      const startAt = Math.max(now, state.nextStartAt);
      state.nextStartAt = startAt + this.options.minIntervalMs;
      if (startAt > now) await this.options.sleep(startAt - now, signal);
      return await task();
    } finally {
      this.release(state);
    }
  }

  /** Requests currently running or waiting for `host` (for diagnostics). */
  pending(host: string): number {
    const state = this.hosts.get(host);
    return state ? state.active + state.waiters.length : 0;
  }

  private stateFor(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, nextStartAt: Number.NEGATIVE_INFINITY, waiters: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private acquire(state: HostState): Promise<void> {
    if (state.active < this.options.maxConcurrent) {
      state.active += 1;
      return Promise.resolve();
    }
    // The releasing task hands its slot straight to the first waiter, keeping FIFO order.
    return new Promise((resolve) => state.waiters.push(resolve));
  }

  private release(state: HostState): void {
    const next = state.waiters.shift();
    if (next) next();
    else state.active -= 1;
  }
}
