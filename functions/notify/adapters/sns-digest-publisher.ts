import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SUBJECT_MAX_CHARS, truncateChars } from '../../alerts/format-alert.js';
import type { DigestPublisher } from '../ports.js';

/** Publishes the digest text to the digest topic (e-mail subscribers). */
export class SnsDigestPublisher implements DigestPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(subject: string, text: string): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: truncateChars(subject.replace(/[\p{Cc}]+/gu, ' '), SUBJECT_MAX_CHARS),
        Message: text,
      }),
    );
  }
}
