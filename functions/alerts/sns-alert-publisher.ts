import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher, StoredReport } from '../monitor/ports.js';
import { formatAlert, snsMessage } from './format-alert.js';

/**
 * Publishes one alert per report: `MessageStructure: 'json'` so email subscribers read text and
 * SQS/Lambda/HTTP subscribers get `{ article, metrics }`; message attributes for filter policies.
 */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(report: StoredReport): Promise<void> {
    const alert = formatAlert(report);
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: alert.subject,
        Message: snsMessage(alert),
        MessageStructure: 'json',
        MessageAttributes: alert.attributes,
      }),
    );
  }
}
