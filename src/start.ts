import type { AddressInfo } from 'node:net';
import { withoutPassword } from './config/redaction.js';
import { callHooks } from './ecs/caller.js';
import { EcsClient } from './ecs/client.js';
import { resolveCredentialsProvider } from './ecs/credential-providers.js';
import { observedHandler } from './http/observe.js';
import { UpstreamReadiness } from './http/readiness.js';
import { createGatewayServer, type DrainOutcome } from './http/server.js';
import { callLogHook } from './logging/call-log.js';
import { createGatewayLogger, type Logger } from './logging/logger.js';
import type { LineSink } from './logging/pretty.js';
import { yogaLoggerOver } from './logging/yoga-logger.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { SharedRedis } from './shared-state/redis.js';
import { SharedUpstreamLimiter } from './shared-state/shared-limiter.js';
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
  simulatorOptionsFromSettings,
} from './simulator/index.js';
import { DescribeRegions } from './spec/actions/regions.js';
import type { StartConfig } from './start-config.js';
import { createGateway, gatewayOptionsFromConfig } from './yoga.js';

/** A running gateway: where it listens, and how to stop it with what it started. */
export interface RunningGateway {
  /** The GraphQL endpoint, where GraphiQL opens in a browser. */
  readonly graphqlUrl: string;
  /** The embedded simulator, when no credentials and no ECS_ENDPOINT are configured. */
  readonly simulator: Simulator | undefined;
  /** The process's logger (LOG_LEVEL, LOG_FORMAT). */
  readonly logger: Logger;
  /**
   * Drains and stops: no new connections; requests in flight finish, for up to
   * GATEWAY_SHUTDOWN_GRACE_MS, then are cut; then the client and simulator close.
   */
  close(options?: CloseOptions): Promise<DrainOutcome>;
}

export interface CloseOptions {
  /** Called once the gateway no longer accepts connections, with the requests in flight. */
  readonly onDraining?: (inFlight: number) => void;
}

/** What a test replaces: where log lines go, the clocks of lines and readiness, the simulator's clock. */
export interface StartOptions {
  readonly logSink?: LineSink;
  readonly now?: () => number;
  /** Readiness's knowledge lifetime and probe spacing (see UpstreamReadiness). */
  readonly readiness?: { readonly freshMs?: number; readonly probeIntervalMs?: number };
  /**
   * The embedded simulator's clock (ms since the epoch), where its estate is anchored and
   * its transitions are timed; wall time by default. The README's sample answers pin it
   * so their timestamps do not move with the day they are made.
   */
  readonly simulatorWallTime?: () => number;
}

function withSimulatorWallTime(
  options: SimulatorOptions,
  wallTime: (() => number) | undefined,
): SimulatorOptions {
  if (!wallTime) return options;
  const transitions = options.transitions ?? 'realistic';
  return {
    ...options,
    transitions:
      typeof transitions === 'string' ? { mode: transitions, wallTime } : { ...transitions, wallTime },
  };
}

/** After a cut, how long closing waits for upstream calls the cut requests left running. */
const ABANDONED_CALLS_WAIT_MS = 1_000;

/**
 * Starts what the configuration asks for: the embedded simulator in simulator mode,
 * the signed ECS client (pointed at the simulator, ECS_ENDPOINT, or the regional
 * endpoints), and the gateway's HTTP server.
 */
export async function startGateway(config: StartConfig, start: StartOptions = {}): Promise<RunningGateway> {
  const credentials = config.credentials as { accessKeySecret?: string; securityToken?: string };
  const logger = createGatewayLogger({
    level: config.logLevel,
    format: config.logFormat,
    sink: start.logSink,
    now: start.now,
    secrets: [
      credentials.accessKeySecret,
      credentials.securityToken,
      config.gateway.token,
      redisPassword(config.sharedState?.redisUrl),
    ],
  });
  const sharedState = config.sharedState ? connectSharedState(config.sharedState, logger) : undefined;
  const readiness: UpstreamReadiness = new UpstreamReadiness({
    regionId: config.ecs.regionId,
    failureThreshold: config.ecs.breakerFailures,
    probe: (): Promise<unknown> => client.call(DescribeRegions, {}),
    ...start.readiness,
    ...(start.now ? { now: start.now } : {}),
  });
  const simulator = config.simulatorMode
    ? await createSimulator(
        withSimulatorWallTime(simulatorOptionsFromSettings(config.simulator), start.simulatorWallTime),
      )
    : undefined;
  // One rate limit for the account across replicas; fairness and concurrency stay local.
  const limiter = sharedState
    ? new SharedUpstreamLimiter({
        redis: sharedState,
        maxConcurrency: config.ecs.maxConcurrency,
        ratePerSecond: config.ecs.rateLimit,
        marginMs: config.ecs.rateMarginMs,
      })
    : undefined;
  const metrics = config.gateway.metrics ? new GatewayMetrics({ regions: [config.ecs.regionId] }) : undefined;
  const client = new EcsClient({
    credentials: resolveCredentialsProvider(config),
    defaultRegionId: config.ecs.regionId,
    endpoint: simulator?.url ?? config.ecs.endpoint,
    signature: config.ecs.signature,
    format: config.ecs.format,
    limits: config.ecs.apiLimits,
    connectTimeoutMs: config.ecs.connectTimeoutMs,
    requestTimeoutMs: config.ecs.requestTimeoutMs,
    deadlineMs: config.ecs.deadlineMs,
    maxAttempts: config.ecs.maxAttempts,
    maxConcurrency: config.ecs.maxConcurrency,
    ratePerSecond: config.ecs.rateLimit,
    limiter,
    breakerFailures: config.ecs.breakerFailures,
    breakerCoolDownMs: config.ecs.breakerCoolDownMs,
    onCall: callHooks(callLogHook(logger), readiness.observe, metrics?.onCall),
  });
  const gateway = createGateway({
    ...gatewayOptionsFromConfig(config, client),
    logger: yogaLoggerOver(logger),
    metrics,
    sharedState,
  });
  let draining = false;
  const handler = observedHandler(gateway, {
    logger,
    readiness: () => readiness.check(),
    draining: () => draining,
    ...(sharedState ? { sharedState: () => (sharedState.up ? 'redis' : 'local') } : {}),
  });
  const { server, drain } = createGatewayServer(handler, {
    maxBodyBytes: config.gateway.maxBodyBytes,
    maxConnections: config.gateway.maxConnections,
    headersTimeoutMs: config.gateway.headersTimeoutMs,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.gateway.port, config.gateway.host, () => resolve());
    });
  } catch (error) {
    await Promise.allSettled([client.close(), simulator?.close(), limiter?.close()]);
    await sharedState?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.gateway.host.includes(':') ? `[${config.gateway.host}]` : config.gateway.host;
  return {
    graphqlUrl: `http://${host}:${port}/graphql`,
    simulator,
    logger,
    async close({ onDraining }: CloseOptions = {}) {
      draining = true;
      // Open subscriptions complete as the drain begins: a stream would otherwise hold
      // its connection, and the drain, until the grace ran out.
      const outcome = await drain(config.gateway.shutdownGraceMs, (inFlight) => {
        void gateway.dispose();
        onDraining?.(inFlight);
      });
      if (outcome.cut === 0) {
        await client.close();
        await simulator?.close();
        await limiter?.close();
        await sharedState?.close();
        return outcome;
      }
      // The cut requests' resolvers may still wait on upstream answers: the simulator
      // goes first so they fail at once, and the client is not waited on for long.
      await simulator?.close();
      await Promise.race([client.close(), delay(ABANDONED_CALLS_WAIT_MS)]);
      await limiter?.close();
      await sharedState?.close();
      return outcome;
    },
  };
}

/**
 * The replicas' shared state (REDIS_URL). Start-up does not wait for Redis: a replica
 * that cannot reach it serves from local state and says so in the log and /readyz.
 */
function connectSharedState(settings: NonNullable<StartConfig['sharedState']>, logger: Logger): SharedRedis {
  const shared = new SharedRedis({ url: settings.redisUrl, keyPrefix: settings.keyPrefix });
  const where = withoutPassword(settings.redisUrl);
  let everUp = false;
  shared.onChange((up, reason) => {
    if (up) {
      logger.info(
        { redis: where },
        everUp ? 'Redis is back: shared state again' : 'Redis connected: shared state',
      );
      everUp = true;
    } else if (reason !== 'closed')
      logger.warn({ redis: where, reason }, 'Redis unreachable: serving with local state until it is back');
  });
  return shared;
}

function redisPassword(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const password = decodeURIComponent(new URL(url).password);
  return password === '' ? undefined : password;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
