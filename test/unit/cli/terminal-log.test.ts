import { describe, expect, it } from 'vitest';
import { terminalLog } from '../../../cli/terminal.js';

function collect(verbose: boolean) {
  const lines: string[] = [];
  return { lines, log: terminalLog((line) => lines.push(line), { verbose }) };
}

describe('terminal log of a command', () => {
  it('shows each kind of warning once, saying how to see the rest, and every error', () => {
    const { lines, log } = collect(false);
    for (const host of ['cs', 'xt', 'hy']) {
      log.warn('source not read', { source: `https://${host}.rednet.cn/` });
    }
    log.warn('list links refused', { invalid: 2 });
    log.error('store failed', { reason: 'a' });
    log.error('store failed', { reason: 'b' });
    log.info('cycle started');
    expect(lines).toEqual([
      'newsmon: warn: source not read source=https://cs.rednet.cn/ (further ones alike: --verbose)',
      'newsmon: warn: list links refused invalid=2 (further ones alike: --verbose)',
      'newsmon: error: store failed reason=a',
      'newsmon: error: store failed reason=b',
    ]);
  });

  it('shows every warning and info line when verbose', () => {
    const { lines, log } = collect(true);
    log.warn('source not read', { source: 'https://cs.rednet.cn/' });
    log.warn('source not read', { source: 'https://xt.rednet.cn/' });
    log.info('cycle started');
    expect(lines).toEqual([
      'newsmon: warn: source not read source=https://cs.rednet.cn/',
      'newsmon: warn: source not read source=https://xt.rednet.cn/',
      'newsmon: info: cycle started',
    ]);
  });
});
