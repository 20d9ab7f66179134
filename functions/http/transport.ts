/**
 * One HTTP exchange over node:http/node:https with phase deadlines (connect, headers, whole body)
 * and a size cap while streaming. No retries, redirects or decoding here: the client's policy
 * modules decide what an outcome means.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { BLOCKED_ADDRESS_CODE, type LookupFunction } from './address-policy.js';
import { AttemptFailure, tooLarge } from './attempt-failure.js';
import type { FetchErrorReason } from './errors.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Failures that another attempt will not fix: bad name, bad certificate. */
const PERMANENT_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export type RawOutcome =
  | { kind: 'not-modified'; headers: IncomingHttpHeaders }
  | { kind: 'redirect'; status: number; headers: IncomingHttpHeaders }
  | { kind: 'status'; status: number; headers: IncomingHttpHeaders }
  | { kind: 'raw-body'; status: number; headers: IncomingHttpHeaders; raw: Buffer };

export interface ExchangeRequest {
  target: URL;
  /** Redirect hops before this one (0 for the URL asked for). */
  hop: number;
  headers: Record<string, string>;
  agent: http.Agent;
  /** DNS lookup for the connection; undefined for Node's own. */
  lookup: LookupFunction | undefined;
  /**
   * Checked against the socket's peer address on every request, a reused keep-alive socket
   * included; a refused address fails the attempt (not retried). Undefined: any address.
   */
  peerAllowed?: (address: string) => boolean;
  signal: AbortSignal | undefined;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxBodyBytes: number;
}

/** Keep-alive agents: one TCP/TLS handshake per host instead of one per page. */
export function createAgents(): { http: http.Agent; https: https.Agent } {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5_000 };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/** One HTTP request/response with phase deadlines; resolves with raw (still encoded) bytes. */
export function exchange(spec: ExchangeRequest): Promise<RawOutcome> {
  const { target, hop, headers, agent, lookup, signal } = spec;
  const { connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs, maxBodyBytes } = spec;
  const isTls = target.protocol === 'https:';
  return new Promise<RawOutcome>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let response: IncomingMessage | undefined;
    const onAbort = () => abort(new AttemptFailure('aborted', abortDetail(signal), false));
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const abort = (failure: AttemptFailure) =>
      settle(() => {
        request.destroy();
        response?.destroy();
        reject(failure);
      });
    const arm = (ms: number, reason: FetchErrorReason, detail: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => abort(new AttemptFailure(reason, detail, true)), ms);
    };

    const request = (isTls ? https : http).request(target, {
      method: 'GET',
      headers,
      agent,
      lookup,
    });
    arm(connectTimeoutMs, 'timeout-connect', `not connected within ${connectTimeoutMs} ms`);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('socket', (socket: Socket) => {
      const connected = () => {
        const peer = socket.remoteAddress;
        if (spec.peerAllowed && peer !== undefined && !spec.peerAllowed(peer)) {
          const reason = hop > 0 ? 'redirect-blocked' : 'host-not-allowed';
          abort(new AttemptFailure(reason, `connected to blocked address ${peer}`, false));
          return;
        }
        arm(
          headersTimeoutMs,
          'timeout-headers',
          `no response headers within ${headersTimeoutMs} ms`,
        );
      };
      if (request.reusedSocket || (!isTls && !socket.connecting)) connected();
      else socket.once(isTls ? 'secureConnect' : 'connect', connected);
    });
    request.on('error', (error) => {
      abort(classifyNetworkError(error, hop, request.reusedSocket && !response));
    });
    request.on('response', (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        settle(() => resolve({ kind: 'not-modified', headers: res.headers }));
        return;
      }
      if (status < 200 || status > 299) {
        // Error and redirect bodies are not worth reading; closing the socket is cheaper
        // than draining an unknown amount of bytes under a deadline.
        const kind = REDIRECT_STATUSES.has(status) ? 'redirect' : 'status';
        settle(() => {
          request.destroy();
          resolve({ kind, status, headers: res.headers });
        });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (!res.headers['content-encoding'] && declared > maxBodyBytes) {
        abort(tooLarge(`Content-Length ${declared} exceeds ${maxBodyBytes} bytes`));
        return;
      }
      arm(bodyTimeoutMs, 'timeout-body', `body not complete within ${bodyTimeoutMs} ms`);
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBodyBytes) {
          abort(tooLarge(`body exceeds ${maxBodyBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (!res.complete) {
          abort(truncated());
          return;
        }
        settle(() =>
          resolve({ kind: 'raw-body', status, headers: res.headers, raw: Buffer.concat(chunks) }),
        );
      });
      res.on('error', (error) => abort(truncated(error)));
      res.on('close', () => abort(truncated()));
    });
    request.end();
  });
}

export function abortDetail(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? `aborted (${reason.message})` : 'aborted by the caller';
}

function truncated(cause?: unknown): AttemptFailure {
  return new AttemptFailure('network', 'connection closed before the body was complete', true, {
    cause,
  });
}

function classifyNetworkError(error: unknown, hop: number, staleSocket: boolean): AttemptFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === BLOCKED_ADDRESS_CODE) {
    return new AttemptFailure(hop > 0 ? 'redirect-blocked' : 'host-not-allowed', message, false, {
      cause: error,
    });
  }
  const retryable = !(code && PERMANENT_NETWORK_CODES.has(code));
  return new AttemptFailure('network', `${code ?? 'network error'}: ${message}`, retryable, {
    cause: error,
    staleSocket: staleSocket && retryable,
  });
}
