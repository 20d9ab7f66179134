import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../functions/http/host-limiter.js';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('HostLimiter', () => {
  it('reserves start times minIntervalMs apart for callers arriving together', async () => {
    // Frozen clock: every delay is then exactly the reservation, whatever the interleaving.
    const delays: number[] = [];
    const limiter = new HostLimiter({
      maxConcurrent: 10,
      minIntervalMs: 500,
      now: () => 0,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    await Promise.all([1, 2, 3, 4].map(() => limiter.run('a.rednet.cn', async () => {})));

    expect(delays).toEqual([500, 1000, 1500]);
  });

  it('keeps hosts independent', async () => {
    const delays: number[] = [];
    const limiter = new HostLimiter({
      maxConcurrent: 1,
      minIntervalMs: 500,
      now: () => 0,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    await Promise.all(
      ['a.rednet.cn', 'b.rednet.cn'].map((host) => limiter.run(host, async () => {})),
    );

    expect(delays).toEqual([]);
  });

  it('runs at most maxConcurrent tasks at once and serves waiters in arrival order', async () => {
    const limiter = new HostLimiter({
      maxConcurrent: 2,
      minIntervalMs: 0,
      now: () => 0,
      sleep: async () => {},
    });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;

    const runs = gates.map((gate, index) =>
      limiter.run('a.rednet.cn', async () => {
        started.push(index);
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(limiter.pending('a.rednet.cn')).toBe(4);

    gates[1]?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);

    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(limiter.pending('a.rednet.cn')).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const limiter = new HostLimiter({
      maxConcurrent: 1,
      minIntervalMs: 0,
      now: () => 0,
      sleep: async () => {},
    });

    await expect(
      limiter.run('a.rednet.cn', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run('a.rednet.cn', async () => 'next')).resolves.toBe('next');
  });
});
