import { Arn, ArnFormat, type Stack } from 'aws-cdk-lib';

/** Where a notify destination's webhook secret lives, and the IAM resource that names it exactly. */
export type SecretRef =
  | { store: 'secretsmanager'; ref: string; resourceArn: string }
  | { store: 'ssm'; ref: string; resourceArn: string };

/**
 * The IAM resource for one `secret` value of the `notify` context:
 * - `/name` → the SSM parameter `arn:…:ssm:<region>:<account>:parameter/name`;
 * - a Secrets Manager ARN → that ARN (give the full ARN, with its 6-character suffix);
 * - a Secrets Manager name → `arn:…:secret:<name>-??????`: Secrets Manager appends a hyphen and
 *   six random characters to every secret's ARN, and `??????` matches exactly those six.
 */
export function secretRef(stack: Stack, value: string): SecretRef {
  if (value.startsWith('/')) {
    return {
      store: 'ssm',
      ref: value,
      resourceArn: stack.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: value.slice(1),
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    };
  }
  if (value.startsWith('arn:')) return { store: 'secretsmanager', ref: value, resourceArn: value };
  return {
    store: 'secretsmanager',
    ref: value,
    resourceArn: Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${value}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    ),
  };
}
