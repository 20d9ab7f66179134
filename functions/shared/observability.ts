import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LogPort, MetricsPort } from '../monitor/ports.js';
import {
  CLOUDWATCH_METRICS,
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
} from './metric-names.js';

type Env = Record<string, string | undefined>;

/**
 * Service name and metrics namespace, by the Powertools conventions: the stack sets
 * POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE per stack (its alarms use the same two
 * values); the defaults apply only where nothing sets them (local runs, tests).
 */
export function observabilityIdentity(env: Env = process.env): {
  serviceName: string;
  namespace: string;
} {
  return {
    serviceName: env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
  };
}

export function createLogger(env: Env = process.env): Logger {
  return new Logger({ serviceName: observabilityIdentity(env).serviceName });
}

export function createMetrics(env: Env = process.env): Metrics {
  return new Metrics(observabilityIdentity(env));
}

export function logPort(logger: Logger): LogPort {
  return {
    info: (message, fields) => logger.info(message, { ...fields }),
    warn: (message, fields) => logger.warn(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}

/**
 * Counters: those in CLOUDWATCH_METRICS become CloudWatch metrics, the rest plain fields of the
 * same EMF log line (see metric-names.ts for why).
 */
export function metricsPort(metrics: Metrics): MetricsPort {
  return {
    count: (name, value) =>
      CLOUDWATCH_METRICS.has(name)
        ? metrics.addMetric(name, MetricUnit.Count, value)
        : metrics.addMetadata(name, String(value)),
  };
}

/** A logger that drops everything (unit tests, CLI quiet mode). */
export const silentLog: LogPort = { info: () => {}, warn: () => {}, error: () => {} };
/** A metrics sink that drops everything. */
export const noMetrics: MetricsPort = { count: () => {} };
