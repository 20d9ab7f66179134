import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLOUDWATCH_METRICS,
  METRIC_NAMES,
  SERVICE_DIMENSION,
} from '../../functions/shared/metric-names.js';
import { NewsmonStack } from '../../lib/newsmon-stack.js';
import { parseStackConfig } from '../../lib/stack-config.js';

/**
 * The alarm for quarantined articles and failing sources reads exactly what the monitor emits:
 * the metric names of functions/shared/metric-names.ts (the names the cycle passes to Powertools,
 * see test/integration/quarantine-real-server.test.ts), in the namespace and under the service
 * dimension the stack gives the monitor function through POWERTOOLS_*.
 */
interface MetricStatQuery {
  Id: string;
  Expression?: string;
  MetricStat?: {
    Metric: {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: unknown }[];
    };
    Stat: string;
  };
}

interface Watched {
  template: Template;
  /** POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME of the monitor function. */
  namespace: string;
  service: string;
}

function watched(stack: NewsmonStack): Watched {
  const template = Template.fromStack(stack);
  const monitorId = stack.getLogicalId(stack.monitor.function.node.defaultChild as CfnElement);
  const monitor = template.toJSON().Resources[monitorId] as {
    Properties: { Environment: { Variables: Record<string, string> } };
  };
  const env = monitor.Properties.Environment.Variables;
  return {
    template,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE as string,
    service: env.POWERTOOLS_SERVICE_NAME as string,
  };
}

/** The alarms with a metric query on `metricName`, with that query. */
function alarmsOn(template: Template, metricName: string) {
  const alarms = Object.values(
    template.findResources('AWS::CloudWatch::Alarm') as Record<
      string,
      { Properties: { Metrics?: MetricStatQuery[]; Threshold: number; ComparisonOperator: string } }
    >,
  );
  return alarms.flatMap((alarm) =>
    (alarm.Properties.Metrics ?? [])
      .filter((query) => query.MetricStat?.Metric.MetricName === metricName)
      .map((query) => ({ alarm: alarm.Properties, query })),
  );
}

describe('the alarm on quarantined articles and failing sources', () => {
  let stacks: Watched[];

  beforeAll(() => {
    // Both stacks before the (one) synthesis; no bundling (the bundle has its own test).
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const built = [
      new NewsmonStack(app, 'Defaults', { config: parseStackConfig({}) }),
      new NewsmonStack(app, 'Staged', {
        config: parseStackConfig({ stackName: 'NewsmonStaging' }),
      }),
    ];
    stacks = built.map(watched);
  }, 180_000);

  for (const [name, stat] of [
    [METRIC_NAMES.articlesQuarantined, 'Sum'],
    [METRIC_NAMES.sourcesFailing, 'Maximum'],
  ] as const) {
    it(`watches ${name} in the namespace and service its own monitor function emits under`, () => {
      // Emitted as a CloudWatch metric, not only as a field of the EMF line.
      expect(CLOUDWATCH_METRICS.has(name)).toBe(true);
      for (const { template, namespace, service } of stacks) {
        const found = alarmsOn(template, name);
        expect(found).toHaveLength(1);
        const { alarm, query } = found[0] as (typeof found)[number];
        expect(query.MetricStat).toEqual({
          Metric: {
            Namespace: namespace,
            MetricName: name,
            Dimensions: [{ Name: SERVICE_DIMENSION, Value: service }],
          },
          Period: 900,
          Stat: stat,
        });
        // The alarm fires on the first quarantined article (or failing source).
        const expression = alarm.Metrics?.find((q) => q.Expression !== undefined)?.Expression;
        expect(expression).toContain(query.Id);
        expect(alarm.Threshold).toBe(1);
        expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      }
      // Two stacks never read each other's metrics.
      expect(new Set(stacks.map((s) => s.service)).size).toBe(stacks.length);
    });
  }
});
