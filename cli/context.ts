import { type LoadedConfig, loadConfig, newsmonHome, resolveDbDir } from './config-file.js';
import type { CliIo } from './io.js';
import { checkStoreSelection, type StoreSelection } from './store-context.js';

/** What a command needs from the configuration file and the environment, resolved once. */
export interface CommandContext {
  config: LoadedConfig;
  /** The store to open: the embedded database directory (absolute) or an AWS table. */
  store: Required<Pick<StoreSelection, 'db'>> & StoreSelection;
  /** Where `db` came from: `--db`, the config file's path, `NEWSMON_HOME` or `default`. */
  dbFrom: string;
  /** `$NEWSMON_HOME` or ~/.newsmon: CLI-side state of AWS tables (backfill progress). */
  home: string;
}

/** Loads the configuration (`--config` or the nearest file) and resolves the store. */
export function commandContext(
  values: { db?: string | undefined; table?: string | undefined },
  io: CliIo,
): CommandContext {
  checkStoreSelection(values);
  const config = loadConfig(io.cwd, io.configPath);
  const db = resolveDbDir(values.db, config, io.env, io.cwd);
  return {
    config,
    store: { db: db.dir, table: values.table },
    dbFrom: db.from,
    home: newsmonHome(io.env),
  };
}
