import { main, reportError } from './cli.js';
import { EXIT_OK, errorCode } from './errors.js';
import type { CliIo } from './io.js';

function runFromProcess(): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(
        '\nnewsmon: stopping after the current step (Ctrl-C again to quit now)\n',
      );
      controller.abort();
    } else {
      process.exit(130);
    }
  });
  process.on('SIGTERM', () => controller.abort());
  const io: CliIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  // A library callback that throws outside any await (dynalite on a bad LevelDB) still ends
  // as one clear line, not a stack trace.
  process.on('uncaughtException', (error) => {
    process.exit(reportError(error, io));
  });
  // Writing to a closed pipe (`newsmon query … | head`) is not an error worth reporting.
  process.stdout.on('error', (error) => {
    if (errorCode(error) === 'EPIPE') process.exit(EXIT_OK);
  });
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    // Keep-alive sockets or timers in a library must not hold a finished command open.
    setTimeout(() => process.exit(code), 1_000).unref();
  });
}

runFromProcess();
