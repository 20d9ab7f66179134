import { describe, expect, it } from 'vitest';
import { senderOptionsFromEnv } from '../../../functions/notify/destinations.js';
import { DestinationConfigError } from '../../../functions/notify/errors.js';
import {
  DEFAULT_MESSAGES_PER_MINUTE,
  MIN_SEND_GAP_MS,
  NOTIFIER_BATCHES_IN_FLIGHT,
} from '../../../functions/notify/limits.js';

describe('sender pace from the environment', () => {
  it('one process alone keeps the library defaults', () => {
    expect(senderOptionsFromEnv({})).toEqual({});
  });

  it('the notifier’s batches in flight each take an equal share, so together they keep the robot’s pace', () => {
    const options = senderOptionsFromEnv({}, { sendersPerDestination: NOTIFIER_BATCHES_IN_FLIGHT });
    expect((options.messagesPerMinute ?? 0) * NOTIFIER_BATCHES_IN_FLIGHT).toBeLessThanOrEqual(
      DEFAULT_MESSAGES_PER_MINUTE,
    );
    expect(options.messagesPerMinute).toBe(
      DEFAULT_MESSAGES_PER_MINUTE / NOTIFIER_BATCHES_IN_FLIGHT,
    );
    expect(options.minGapMs).toBe(MIN_SEND_GAP_MS * NOTIFIER_BATCHES_IN_FLIGHT);
  });

  it('a configured pace is shared the same way and shrinks the gap with it', () => {
    const options = senderOptionsFromEnv(
      { NOTIFY_MESSAGES_PER_MINUTE: '6000' },
      { sendersPerDestination: 2 },
    );
    expect(options).toMatchObject({ messagesPerMinute: 3000, minGapMs: 20 });
  });

  it('a pace outside its bounds is a configuration error naming the variable', () => {
    expect(() => senderOptionsFromEnv({ NOTIFY_MESSAGES_PER_MINUTE: '0' })).toThrow(
      DestinationConfigError,
    );
    expect(() => senderOptionsFromEnv({ NOTIFY_MESSAGES_PER_MINUTE: 'fast' })).toThrow(
      /NOTIFY_MESSAGES_PER_MINUTE/,
    );
  });
});
