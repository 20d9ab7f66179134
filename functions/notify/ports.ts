import type { Notification, NotifyKind, SendResult } from './types.js';

/**
 * Port: delivers notifications to one destination (a robot webhook), paced and with bounded
 * retries inside. Results, not exceptions: the use case decides what a failure means.
 */
export interface NotificationSender {
  readonly destinationId: string;
  readonly kind: NotifyKind;
  /** For logs: the kind and the URL with every credential masked. */
  readonly label: string;
  send(notification: Notification): Promise<SendResult>;
}

/** State of one (destination, item) delivery record. */
export type ClaimResult = 'claimed' | 'delivered' | 'busy';

/**
 * Port: the idempotency records that make delivery once per item and destination across
 * retries (a conditional write in the table).
 */
export interface DeliveryLedger {
  /** Takes the right to send; `delivered` when it was sent before, `busy` while another holds it. */
  claim(destinationId: string, itemId: string, claimant: string, now: Date): Promise<ClaimResult>;
  markDelivered(destinationId: string, itemId: string, claimant: string, at: Date): Promise<void>;
  /** Gives the claim back after a failed send, so a retry can send at once. */
  release(destinationId: string, itemId: string, claimant: string): Promise<void>;
}

/** Port: reads a destination's secret value (Secrets Manager or SSM SecureString in AWS). */
export interface SecretReader {
  read(reference: string): Promise<string>;
}

/** Port: the digest for e-mail subscribers (an SNS topic in AWS). */
export interface DigestPublisher {
  publish(subject: string, text: string): Promise<void>;
}

/** Clock and sleep, injectable so tests pace and back off in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
