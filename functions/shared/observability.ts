import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LogPort, MetricsPort } from '../monitor/ports.js';

/** Defaults only: `POWERTOOLS_SERVICE_NAME` / `POWERTOOLS_METRICS_NAMESPACE` override them. */
export const SERVICE_NAME = 'newsmon';
export const METRICS_NAMESPACE = 'Newsmon';

export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME });
}

export function createMetrics(): Metrics {
  return new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });
}

export function logPort(logger: Logger): LogPort {
  return {
    info: (message, fields) => logger.info(message, { ...fields }),
    warn: (message, fields) => logger.warn(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}

export function metricsPort(metrics: Metrics): MetricsPort {
  return { count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value) };
}

/** A logger that drops everything (unit tests, CLI quiet mode). */
export const silentLog: LogPort = { info: () => {}, warn: () => {}, error: () => {} };
/** A metrics sink that drops everything. */
export const noMetrics: MetricsPort = { count: () => {} };
