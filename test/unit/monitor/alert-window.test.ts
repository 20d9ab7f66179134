import { describe, expect, it } from 'vitest';
import { initialAlertState } from '../../../functions/monitor/alert-window.js';

const now = new Date('2026-11-27T12:00:00Z');
const hours = (h: number) => h * 3_600_000;

describe('initialAlertState', () => {
  it('alerts an article published inside the window', () => {
    const article = { publishedAt: '2026-11-26T20:00:00+08:00' };
    expect(initialAlertState('window', article, null, now, hours(48))).toBe('pending');
  });

  it('suppresses an article published before the window', () => {
    const article = { publishedAt: '2026-11-20T20:00:00+08:00' };
    expect(initialAlertState('window', article, null, now, hours(48))).toBe('suppressed');
  });

  it('falls back to the listed time when the page has no date', () => {
    const listed = { listedAt: '2026-11-27T18:00:00+08:00' };
    expect(initialAlertState('window', { publishedAt: null }, listed, now, hours(6))).toBe(
      'pending',
    );
  });

  it('does not alert an article of unknown age from a new source', () => {
    expect(
      initialAlertState('window', { publishedAt: null }, { listedAt: null }, now, hours(48)),
    ).toBe('suppressed');
  });

  it('alerts everything in all mode or with an unlimited window, nothing in none mode', () => {
    const old = { publishedAt: '2001-01-01T00:00:00+08:00' };
    expect(initialAlertState('all', old, null, now, hours(1))).toBe('pending');
    expect(initialAlertState('window', old, null, now, 'all')).toBe('pending');
    expect(initialAlertState('none', { publishedAt: now.toISOString() }, null, now, 'all')).toBe(
      'suppressed',
    );
  });
});
