import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DestinationConfigError } from '../errors.js';
import type { SecretReader } from '../ports.js';

/**
 * Reads a destination's value: an SSM SecureString parameter when the reference starts with
 * `/`, otherwise a Secrets Manager secret (name or ARN). Errors name the reference, never a value.
 */
export class AwsSecretReader implements SecretReader {
  private secrets: SecretsManagerClient | null = null;
  private parameters: SSMClient | null = null;

  async read(reference: string): Promise<string> {
    try {
      const value = reference.startsWith('/')
        ? await this.parameter(reference)
        : await this.secret(reference);
      if (!value) throw new DestinationConfigError(`${reference}: empty value`);
      return value;
    } catch (error) {
      if (error instanceof DestinationConfigError) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      throw new DestinationConfigError(`${reference}: not readable (${name})`, { cause: error });
    }
  }

  private async parameter(name: string): Promise<string | undefined> {
    this.parameters ??= new SSMClient({});
    const result = await this.parameters.send(
      new GetParameterCommand({ Name: name, WithDecryption: true }),
    );
    return result.Parameter?.Value;
  }

  private async secret(id: string): Promise<string | undefined> {
    this.secrets ??= new SecretsManagerClient({});
    const result = await this.secrets.send(new GetSecretValueCommand({ SecretId: id }));
    return result.SecretString;
  }
}
