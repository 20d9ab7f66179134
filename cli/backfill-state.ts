import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleRef } from '../functions/rednet/types.js';
import { CliError, errorCode } from './errors.js';
import { shortHash } from './store-context.js';

/** Progress of one source's backfill. Pages are 1-based; page 1 is the source URL itself. */
export interface SourceBackfillState {
  /** Pages fully walked (listed, and every new article ingested or recorded as failed). */
  completedPages: number;
  /** URL of page `completedPages + 1`, or null when the column has no further page. */
  nextUrl: string | null;
  /**
   * True when `nextUrl` was derived from the column's URL pattern (`_<n>.html`) because the page
   * showed no pager link: a 404 there means the column ended, not a failure.
   */
  nextUrlGuessed?: boolean;
  /** The column ended (an empty page or no next page): deeper walks find nothing more. */
  exhausted: boolean;
  /** Articles that failed to fetch or parse; retried at the start of the next backfill. */
  failed: ArticleRef[];
  updatedAt: string;
}

export interface BackfillState {
  version: 1;
  store: string;
  sources: Record<string, SourceBackfillState>;
}

/**
 * Backfill progress lives in a small JSON file next to the data it describes: inside the
 * embedded database directory (deleting the database forgets the progress too), or
 * `.newsmon/backfill-<hash of region+table>.json` for an AWS table. Written after every page,
 * atomically (temp file + rename), so Ctrl-C or a crash loses at most the page in progress.
 */
export class BackfillStateFile {
  readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly storeKey: string,
  ) {
    this.path = join(dir, `backfill-${shortHash(storeKey)}.json`);
  }

  async load(): Promise<BackfillState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { version: 1, store: this.storeKey, sources: {} };
      throw error;
    }
    try {
      const state = JSON.parse(text) as BackfillState;
      if (state.version !== 1 || typeof state.sources !== 'object' || state.sources === null) {
        throw new Error('unknown layout');
      }
      return state;
    } catch (error) {
      throw new CliError(
        `backfill progress file ${this.path} is unreadable (${error instanceof Error ? error.message : String(error)}); delete it or pass --restart`,
      );
    }
  }

  async save(state: BackfillState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
    await rename(temp, this.path);
  }
}
