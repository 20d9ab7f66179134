import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptFailure } from '../../../functions/http/attempt-failure.js';
import { createAgents, type ExchangeRequest, exchange } from '../../../functions/http/transport.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function request(agent: http.Agent, peerAllowed?: (address: string) => boolean): ExchangeRequest {
  return {
    target: new URL(`${base}/page`),
    hop: 0,
    headers: {},
    agent,
    lookup: undefined,
    signal: undefined,
    connectTimeoutMs: 5_000,
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
    maxBodyBytes: 1_000,
    peerAllowed,
  };
}

describe('exchange', () => {
  it('checks the peer address on a reused keep-alive socket, not only on connect', async () => {
    const agents = createAgents();
    const peers: string[] = [];
    try {
      const first = await exchange(
        request(agents.http, (address) => {
          peers.push(address);
          return true;
        }),
      );
      expect(first.kind).toBe('raw-body');

      const second = exchange(
        request(agents.http, (address) => {
          peers.push(address);
          return false;
        }),
      );

      await expect(second).rejects.toBeInstanceOf(AttemptFailure);
      await expect(second).rejects.toMatchObject({
        reason: 'host-not-allowed',
        retryable: false,
        detail: 'connected to blocked address 127.0.0.1',
      });
      expect(peers).toEqual(['127.0.0.1', '127.0.0.1']);
    } finally {
      agents.http.destroy();
    }
  });
});
