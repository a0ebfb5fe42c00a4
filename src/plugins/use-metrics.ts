import { createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';

/** Where the metrics are served; the gateway's other routes are /graphql and /health. */
export const METRICS_PATH = '/metrics';

/** GraphQL operation latency buckets, seconds. */
const OPERATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type Outcome = 'ok' | 'error';

interface OperationParams {
  readonly operationName?: string;
  readonly operationType?: string;
}

/**
 * GraphQL operations by name, type and outcome, with their durations, and their errors
 * by phase, from @graphql-yoga/plugin-prometheus on the gateway's own registry.
 * Operation names are the client's words: they pass through the metrics' bounded
 * label (well-formed names, a fixed number of them), so no client can grow the series
 * without end. Error paths (list indexes) and URLs are not labels, for the same reason.
 *
 * Placed before the plugins that refuse an operation at execution (write safety, page
 * and argument checks, the call cap), so refusals count as operations with outcome
 * `error`; documents refused at parse or validation count only as errors of their phase.
 */
export function useOperationMetrics(metrics: GatewayMetrics): Plugin {
  const { registry } = metrics;
  // The outcome is known once the result is: this plugin's onExecuteDone runs before the
  // prometheus plugin's (plugins' hooks run in order), which then reads it.
  const outcomes = new WeakMap<object, Outcome>();
  const labels = (params: OperationParams) => ({
    operationName:
      params.operationName === undefined ? 'unknown' : metrics.operationName(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  const withOutcome = (params: OperationParams, context: unknown) => ({
    ...labels(params),
    outcome: outcomes.get(context as object) ?? 'error',
  });
  const operationLabels = ['operationName', 'operationType', 'outcome'] as const;
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          // Subscriptions are not served here; an iterator counts as ok.
          const errors = 'errors' in result ? result.errors : undefined;
          outcomes.set(args.contextValue, errors && errors.length > 0 ? 'error' : 'ok');
        },
      };
    },
    onPluginInit({ addPlugin }) {
      addPlugin(
        usePrometheus({
          registry,
          // Served by useMetricsEndpoint, behind the gateway's Host and token checks.
          endpoint: false,
          metrics: {
            graphql_envelop_request: createCounter({
              registry,
              counter: {
                name: 'graphql_envelop_request',
                help: 'GraphQL operations executed, by operation name, type and outcome (ok: no error in the result).',
                labelNames: operationLabels,
              },
              fillLabelsFn: withOutcome,
            }),
            graphql_envelop_request_duration: createHistogram({
              registry,
              histogram: {
                name: 'graphql_envelop_request_duration',
                help: 'Time to execute a GraphQL operation, seconds, by operation name, type and outcome.',
                labelNames: operationLabels,
                buckets: OPERATION_BUCKETS,
              },
              fillLabelsFn: withOutcome,
            }),
            graphql_envelop_error_result: createCounter({
              registry,
              counter: {
                name: 'graphql_envelop_error_result',
                help: 'Errors of GraphQL results, by operation name, type and phase (parse, validate, context, execute).',
                labelNames: ['operationName', 'operationType', 'phase'] as const,
              },
              fillLabelsFn: (params) => ({ ...labels(params), phase: params.errorPhase ?? 'execute' }),
            }),
            graphql_envelop_deprecated_field: false,
            graphql_envelop_request_time_summary: false,
            graphql_envelop_phase_parse: false,
            graphql_envelop_phase_validate: false,
            graphql_envelop_phase_context: false,
            graphql_envelop_phase_execute: false,
            graphql_envelop_phase_subscribe: false,
            graphql_envelop_schema_change: false,
            graphql_envelop_execute_resolver: false,
            graphql_yoga_http_duration: false,
          },
        }),
      );
    },
  };
}

/**
 * GET /metrics: the Prometheus text exposition. Placed after the Host, Origin and
 * token checks, so it is read under the same rules as /graphql: it holds no secrets,
 * but what the gateway calls and how often is nobody else's business.
 */
export function useMetricsEndpoint(metrics: GatewayMetrics): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          new fetchAPI.Response(`${METRICS_PATH} answers GET only.\n`, {
            status: 405,
            headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      const { body, contentType } = await metrics.render();
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { 'content-type': contentType, 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
