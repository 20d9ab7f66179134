import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackfillProgress, BackfillStateStore } from '../functions/monitor/ports.js';
import { CliError, errorCode } from './errors.js';
import { shortHash } from './store-context.js';

/**
 * The file's layout, kept as it is so progress saved by any earlier version still resumes:
 * `{ version: 1, store, sources: { <source URL>: progress + updatedAt } }`. `nextUrlGuessed` is
 * absent in the oldest files (read as false).
 */
interface BackfillStateLayout {
  version: 1;
  store: string;
  sources: Record<string, BackfillProgress & { updatedAt: string }>;
}

/**
 * Backfill progress lives in a small JSON file next to the data it describes: inside the
 * embedded database directory (deleting the database forgets the progress too), or
 * `.newsmon/backfill-<hash of region+table>.json` for an AWS table. Written after every page,
 * atomically (temp file + rename), so Ctrl-C or a crash loses at most the page in progress.
 */
export class BackfillStateFile implements BackfillStateStore {
  private constructor(
    readonly path: string,
    private readonly dir: string,
    private readonly state: BackfillStateLayout,
  ) {}

  /**
   * Reads the file of this store (an unreadable one is a CliError: the user decides whether to
   * delete it); `restart` starts from nothing, and the file is replaced at the first save.
   */
  static async open(
    dir: string,
    storeKey: string,
    options: { restart?: boolean } = {},
  ): Promise<BackfillStateFile> {
    const path = join(dir, `backfill-${shortHash(storeKey)}.json`);
    const empty: BackfillStateLayout = { version: 1, store: storeKey, sources: {} };
    const state = options.restart ? empty : ((await readLayout(path)) ?? empty);
    return new BackfillStateFile(path, dir, state);
  }

  async load(sourceUrl: string): Promise<BackfillProgress | null> {
    const saved = this.state.sources[sourceUrl];
    if (saved === undefined) return null;
    const { updatedAt: _updatedAt, ...progress } = saved;
    return { ...progress, failed: [...progress.failed] };
  }

  async save(sourceUrl: string, progress: BackfillProgress): Promise<void> {
    this.state.sources[sourceUrl] = {
      ...progress,
      failed: [...progress.failed],
      updatedAt: new Date().toISOString(),
    };
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(this.state, null, 2)}\n`);
    await rename(temp, this.path);
  }
}

async function readLayout(path: string): Promise<BackfillStateLayout | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const state = JSON.parse(text) as BackfillStateLayout;
    if (state.version !== 1 || typeof state.sources !== 'object' || state.sources === null) {
      throw new Error('unknown layout');
    }
    return state;
  } catch (error) {
    throw new CliError(
      `backfill progress file ${path} is unreadable (${error instanceof Error ? error.message : String(error)}); delete it or pass --restart`,
    );
  }
}
