import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in (127.0.0.1) for the two AWS APIs the notifier reads secrets with, speaking
 * their JSON protocol: Secrets Manager `GetSecretValue` and SSM `GetParameter`. Point the SDK at
 * it with AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_SSM.
 */
export interface LocalSecrets {
  endpoint: string;
  /** Reads per secret id or parameter name (checks "once per cold start"). */
  reads: Map<string, number>;
  close(): Promise<void>;
}

export async function startLocalSecrets(values: Record<string, string>): Promise<LocalSecrets> {
  const reads = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          unknown
        >;
      } catch {
        // answered below as not found
      }
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const id = String(target.endsWith('GetSecretValue') ? input.SecretId : input.Name);
      reads.set(id, (reads.get(id) ?? 0) + 1);
      const value = values[id];
      if (target === 'secretsmanager.GetSecretValue') {
        if (value === undefined) {
          return send(400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
        }
        return send(200, {
          ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`,
          Name: id,
          SecretString: value,
          VersionId: 'v1',
        });
      }
      if (target === 'AmazonSSM.GetParameter') {
        if (value === undefined || input.WithDecryption !== true) {
          return send(400, { __type: 'ParameterNotFound', message: 'parameter not found' });
        }
        return send(200, {
          Parameter: { Name: id, Type: 'SecureString', Value: value, Version: 1 },
        });
      }
      send(400, { __type: 'UnknownOperationException', message: target });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
