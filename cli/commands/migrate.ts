import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERIES_LAYOUT_VERSION } from '../../functions/store/series-key.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import { commandContext } from '../context.js';
import { CliError, EXIT_OK, errorCode, UsageError } from '../errors.js';
import { type CliIo, writeLine } from '../io.js';
import { displayPath, openStore, shortHash } from '../store-context.js';

export const HELP = `Usage: newsmon migrate series [options]

Rewrites the series index of every stored figure to the current layout (version ${SERIES_LAYOUT_VERSION}):
series key = subject + action class + kind + unit, index sort key <action>#<kind>#<unit>#<time>#…,
and the normalised period of each point. Figures written by an older newsmon stay readable
without it, but 'newsmon query series' only separates their action classes and kinds once
they are migrated.

Idempotent: an item already in the current layout is left untouched, so running it twice writes
nothing the second time. Resumable: the scan position is saved after every page (in the
database directory, or .newsmon/ for --table); after Ctrl-C or a failure the same command
continues there. Only the series attributes of metric items change (one conditional update per
item); articles, alerts and source state are never touched.

Options:
  --page-size N   items read per scan page (default 200)
  --dry-run       count what would change, write nothing (and save no position)
  --restart       forget a saved position and scan from the start
  --db DIR        embedded database directory (default: as for 'newsmon query')
  --table NAME    a DynamoDB table in AWS instead (default credential chain)
  -h, --help      show this help

Examples:
  newsmon migrate series
  newsmon migrate series --table newsmon-prod --dry-run`;

const OPTIONS = {
  'page-size': { type: 'string' },
  'dry-run': { type: 'boolean' },
  restart: { type: 'boolean' },
  db: { type: 'string' },
  table: { type: 'string' },
} as const;

/** Saved scan position of one store's migration. */
interface MigrationCursor {
  version: 1;
  store: string;
  next: Record<string, unknown>;
  scanned: number;
  written: number;
}

/** `newsmon migrate series`: see HELP. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('migrate', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [what] = expectPositionals('migrate', positionals, ['what']);
  if (what !== 'series') {
    throw new UsageError(
      `unknown migration '${what}' (only 'series'; see 'newsmon migrate --help')`,
    );
  }
  const pageSize = parseCount(values['page-size'], '--page-size', 200, { max: 1_000 });
  const dryRun = values['dry-run'] === true;
  const context = commandContext(values, io);
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    const path = join(opened.stateDir, `migrate-series-${shortHash(opened.storeKey)}.json`);
    let cursor = values.restart || dryRun ? undefined : await loadCursor(path, opened.storeKey);
    if (values.restart) await rm(path, { force: true });
    if (cursor) {
      writeLine(
        io.stderr,
        `newsmon: resuming the series migration of ${opened.label} after ${cursor.scanned} items`,
      );
    }
    let scanned = cursor?.scanned ?? 0;
    let written = cursor?.written ?? 0;
    let next = cursor?.next;
    do {
      if (io.signal?.aborted) {
        writeLine(io.stderr, `newsmon: stopped; run the same command again to continue`);
        return EXIT_OK;
      }
      const page = await opened.store.scanMetricItems(next, pageSize);
      for (const item of page.items) {
        scanned++;
        if (dryRun) {
          if (item.seriesVersion !== SERIES_LAYOUT_VERSION) written++;
        } else if (await opened.store.migrateSeriesItem(item)) written++;
      }
      next = page.next;
      if (!dryRun) {
        if (next) {
          cursor = { version: 1, store: opened.storeKey, next, scanned, written };
          await saveCursor(opened.stateDir, path, cursor);
        } else await rm(path, { force: true });
      }
    } while (next);
    writeLine(
      io.stdout,
      `${dryRun ? 'would migrate' : 'migrated'} ${written} of ${scanned} figures in ${opened.label} to series layout ${SERIES_LAYOUT_VERSION}${
        dryRun ? '' : ` (position file ${displayPath(path, io.cwd)} removed)`
      }`,
    );
    return EXIT_OK;
  } finally {
    await opened.close();
  }
}

async function loadCursor(path: string, store: string): Promise<MigrationCursor | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const cursor = JSON.parse(text) as MigrationCursor;
    if (cursor.version !== 1 || cursor.store !== store || typeof cursor.next !== 'object')
      throw new Error('unknown layout');
    return cursor;
  } catch (error) {
    throw new CliError(
      `migration position file ${path} is unreadable (${error instanceof Error ? error.message : String(error)}); pass --restart`,
    );
  }
}

/** Atomic write (temp file + rename): a crash loses at most the page in progress. */
async function saveCursor(dir: string, path: string, cursor: MigrationCursor): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(cursor)}\n`);
  await rename(temp, path);
}
