import { randomUUID } from 'node:crypto';
import { runDigest } from '../../functions/notify/digest.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { commandContext } from '../context.js';
import { parseSince } from '../duration.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { type CliIo, isDebug, writeLine } from '../io.js';
import { createNotifiers } from '../monitor-setup.js';
import { openStore } from '../store-context.js';
import { ignoredMetrics, terminalLog } from '../terminal.js';

export const HELP = `Usage: newsmon digest [--since 24h] [--notify KIND:URL …] [--json]

Summarises the stored reports of a period, as the daily digest does in AWS: reports grouped by
site with their figure counts and leading figures (changes first). Prints the digest; with
--notify also delivers it as one message to each robot.

Options:
  --since WHEN          start of the period: a duration ago (24h, 7d), a date (2024-08-20,
                        midnight Asia/Shanghai) or an ISO time (default 24h)
  --notify KIND:URL     deliver the digest to a chat robot (repeatable): wecom, dingtalk, feishu,
                        slack or webhook; a secret=… URL parameter is the signing secret
  --json                print the digest as JSON instead of text
  --db DIR              embedded database directory (default: the config file's db,
                        $NEWSMON_HOME/db or ~/.newsmon/db)
  --table NAME          read a DynamoDB table in AWS instead
  -h, --help            show this help

Examples:
  newsmon digest
  newsmon digest --since 7d --json | jq '.sites[].site'
  newsmon digest --notify 'wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY'

Exit codes: 0 printed (and delivered everywhere); 1 a delivery failed or no database; 2 bad usage.`;

const OPTIONS = {
  since: { type: 'string' },
  notify: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  db: { type: 'string' },
  table: { type: 'string' },
} as const;

/** `newsmon digest`: resolves to the exit code. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('digest', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('digest', positionals, []);
  const context = commandContext(values, io);
  const now = new Date();
  const since = new Date(parseSince(values.since ?? '24h', now));
  const senders = createNotifiers(values.notify ?? context.config.file.notify, io.env);
  const log = terminalLog((line) => writeLine(io.stderr, line), { verbose: isDebug(io.env) });
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    const result = await runDigest(
      {
        reports: opened.store,
        senders,
        ledger: null,
        publisher: null,
        log,
        metrics: ignoredMetrics,
        now: () => new Date(),
        claimant: `cli-${randomUUID()}`,
      },
      { since, until: now },
    );
    writeLine(io.stdout, values.json ? JSON.stringify(result.digest, null, 2) : result.text);
    const failed = result.outcomes.filter(({ outcome }) => outcome.status !== 'delivered');
    if (senders.length > 0) {
      writeLine(
        io.stderr,
        `newsmon: digest delivered to ${senders.length - failed.length} of ${senders.length} destination${senders.length === 1 ? '' : 's'}`,
      );
    }
    return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    await opened.close();
  }
}
