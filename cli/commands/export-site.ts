import { resolve } from 'node:path';
import { exportSite } from '../../web/export-site.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { commandContext } from '../context.js';
import { resolveSources } from '../cycle-settings.js';
import { EXIT_OK } from '../errors.js';
import { type CliIo, writeLine } from '../io.js';
import { displayPath, openStore } from '../store-context.js';

export const HELP = `Usage: newsmon export-site DIR [options]

Writes the web view of 'newsmon serve' as static files under DIR, for any static host:
index.html (the newest reports), reports/<id>.html, series/ (the subjects with the most figures),
sources.html, feed.atom, the same data as JSON under api/, and the chart script under static/.

Options:
  --source URL      a watched source to list on sources.html (repeatable; default: the built-in channels)
  --db DIR          embedded database directory (default .newsmon/db)
  --table NAME      read a DynamoDB table in AWS instead (default credential chain)
  -h, --help        show this help

Example:
  newsmon export-site public/`;

const OPTIONS = {
  source: { type: 'string', multiple: true },
  db: { type: 'string' },
  table: { type: 'string' },
} as const;

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('export-site', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [dirArg = ''] = expectPositionals('export-site', positionals, ['DIR']);
  const dir = resolve(io.cwd, dirArg);
  const context = commandContext(values, io);
  const sources = resolveSources(values.source, context.config);
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    const summary = await exportSite(opened.store, sources, dir);
    writeLine(
      io.stderr,
      `newsmon: wrote ${summary.files} files to ${displayPath(dir, io.cwd)} (${summary.reports} reports, ${summary.series} series) from ${opened.label}`,
    );
    return EXIT_OK;
  } finally {
    await opened.close();
  }
}
