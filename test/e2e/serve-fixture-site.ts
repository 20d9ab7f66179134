/**
 * Serves the fixture 红网 mirror (test/fixtures/site) on 127.0.0.1 until Ctrl-C, to try the CLI
 * without touching the real site: `npx tsx test/e2e/serve-fixture-site.ts` (an ephemeral port, printed).
 */
import { startFixtureSite } from '../support/fixture-site.js';

async function serve(): Promise<void> {
  const site = await startFixtureSite();
  process.stdout.write(`fixture site at ${site.origin} (Ctrl-C to stop)\n`);
  process.stdout.write(`  try: npx newsmon run --source ${site.url('/channel/7417.html')}\n`);
  const stop = (): void => {
    void site.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void serve();
