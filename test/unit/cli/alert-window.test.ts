import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../../cli/config-file.js';
import { resolveAlertWindow } from '../../../cli/cycle-settings.js';
import { UsageError } from '../../../cli/errors.js';

const HOUR = 3_600_000;

function configWith(alertWindow?: string): LoadedConfig {
  return { path: null, file: alertWindow === undefined ? {} : { alertWindow } };
}

describe('the alert window of run and retry', () => {
  it('takes the flag over the configuration file', () => {
    expect(resolveAlertWindow('6h', configWith('7d'))).toBe(6 * HOUR);
    expect(resolveAlertWindow('all', configWith('7d'))).toBe('all');
  });

  it('takes the configuration file over the 48 h default', () => {
    expect(resolveAlertWindow(undefined, configWith('7d'))).toBe(168 * HOUR);
    expect(resolveAlertWindow(undefined, configWith())).toBe(48 * HOUR);
  });

  it('names where a bad window came from', () => {
    expect(() => resolveAlertWindow('soon', configWith())).toThrow(UsageError);
    expect(() => resolveAlertWindow(undefined, configWith('soon'))).toThrow(/alertWindow/);
  });
});
