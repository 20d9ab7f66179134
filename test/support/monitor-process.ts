import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../../functions/monitor/run-monitor.js';

/**
 * The monitor handler in a process of its own, as Lambda runs it: the test's site, databases and
 * vitest stay outside, so the process's peak resident memory is the cycle's own (plus tsx, which
 * Lambda's bundle does not carry: a measurement on the safe side).
 *
 * The same file is the child's entry: forked with CHILD_FLAG set, it loads the handler (its
 * configuration comes from the environment, as in Lambda) and runs one cycle per message.
 */
const CHILD_FLAG = 'NEWSMON_TEST_MONITOR_CHILD';

interface CycleRequest {
  invocationId: string;
  /** What the Lambda context reports as remaining time; the handler keeps a margin of it. */
  remainingMs: number;
}

interface CycleResult {
  summary: RunSummary;
  /** Milliseconds the handler took (process start-up excluded). */
  ms: number;
  /** Peak resident set of the process since it started (getrusage maxrss), in bytes. */
  peakRssBytes: number;
  /** The EMF lines Powertools Metrics wrote to stdout during this cycle. */
  emf: Record<string, unknown>[];
}

type ChildReply = { ready: true } | { result: CycleResult } | { error: string };

export interface MonitorProcess {
  cycle(request: CycleRequest): Promise<CycleResult>;
  close(): Promise<void>;
}

/** Forks the handler with `env` (TABLE_NAME, SOURCES_JSON, endpoints, …: see handler-env.ts). */
export async function startMonitorProcess(env: Record<string, string>): Promise<MonitorProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, [CHILD_FLAG]: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await nextReply(child);
  return {
    cycle: async (request) => {
      child.send(request);
      const reply = await nextReply(child);
      if ('result' in reply) return reply.result;
      throw new Error(`monitor process: ${'error' in reply ? reply.error : 'no result'}${stderr}`);
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}

function nextReply(child: ChildProcess): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildReply) => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`monitor process exited with code ${code}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

async function childMain(send: (reply: ChildReply) => void): Promise<void> {
  // Powertools Metrics writes each EMF blob to stdout: kept here and handed back with the result.
  const emf: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.includes('"_aws"')) emf.push(JSON.parse(line) as Record<string, unknown>);
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  const { handler } = await import('../../functions/monitor/handler.js');
  process.on('message', (request: CycleRequest) => {
    const started = performance.now();
    emf.length = 0;
    handler({}, lambdaContext(request))
      .then((summary) =>
        send({
          result: {
            summary,
            ms: performance.now() - started,
            peakRssBytes: process.resourceUsage().maxRSS * 1024,
            emf: [...emf],
          },
        }),
      )
      .catch((error: unknown) => send({ error: String(error) }));
  });
  // The parent closing the channel ends the process, as a Lambda environment is reclaimed.
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}

function lambdaContext(request: CycleRequest) {
  return {
    awsRequestId: request.invocationId,
    functionName: 'newsmon-monitor',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:newsmon-monitor',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/newsmon-monitor',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => request.remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

if (process.env[CHILD_FLAG] === '1' && process.send !== undefined) {
  const send = process.send.bind(process);
  childMain((reply) => send(reply)).catch((error: unknown) => {
    send({ error: String(error) });
    process.exitCode = 1;
  });
}
