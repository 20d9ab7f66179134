import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  parseAlertWindow,
  parseDuration,
} from '../../../functions/shared/duration.js';

describe('the one duration grammar', () => {
  it('reads milliseconds, seconds, minutes, hours, days and weeks', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('48 H')).toBe(172_800_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
  });

  it('rejects zero, negative, unit-less and unknown-unit durations', () => {
    for (const text of ['0h', '-1h', '48', 'often', '3y', '']) {
      expect(parseDuration(text)).toBeNull();
    }
  });

  it('gives the alert window the same grammar plus all', () => {
    expect(parseAlertWindow('ALL')).toBe('all');
    expect(parseAlertWindow('30s')).toBe(parseDuration('30s'));
    expect(parseAlertWindow('6h')).toBe(21_600_000);
    expect(parseAlertWindow('0m')).toBeNull();
  });

  it('formats what it parses back into a short form', () => {
    expect(formatDuration(350)).toBe('350ms');
    expect(formatDuration(1_200)).toBe('1.2s');
    expect(formatDuration(900_000)).toBe('15m');
    expect(formatDuration(172_800_000)).toBe('48h');
    expect(formatDuration(5_400_000)).toBe('1.5h');
  });
});
