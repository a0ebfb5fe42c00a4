import { ConfigError } from './config/config-error.js';
import { stopOnSignals } from './simulator/stop-on-signals.js';
import { startGateway } from './start.js';
import { loadStartConfig } from './start-config.js';

/**
 * `npm start`: reads the configuration, starts the embedded ECS simulator when no
 * credentials and no ECS_ENDPOINT are set, and serves GraphQL (with GraphiQL).
 */
async function main(): Promise<void> {
  const config = loadStartConfig();
  const gateway = await startGateway(config);
  const target = gateway.simulator
    ? `the embedded ECS simulator at ${gateway.simulator.url} (regions ${gateway.simulator.seededRegions.join(', ')})`
    : (config.ecs.endpoint ?? `ECS in ${config.ecs.regionId} (https://ecs.<region>.aliyuncs.com)`);
  // With LOG_FORMAT=json every line of stdout is a JSON object, these too.
  const json = config.logFormat === 'json';
  const say = (text: string) => (json ? gateway.logger.info(text) : console.log(text));
  const warn = (text: string) => (json ? gateway.logger.warn(text) : console.warn(text));
  say(`Upstream: ${target}; default region ${config.ecs.regionId}.`);
  say(`ECS GraphQL Gateway on ${gateway.graphqlUrl} (open it in a browser for GraphiQL)`);

  const grace = config.gateway.shutdownGraceMs;
  stopOnSignals('gateway', async () => {
    const { cut } = await gateway.close({
      onDraining: (inFlight) =>
        say(`Stopping: no new connections; finishing ${inFlight} request(s) in flight (up to ${grace} ms).`),
    });
    if (cut > 0) warn(`Cut ${cut} request(s) still running after ${grace} ms (GATEWAY_SHUTDOWN_GRACE_MS).`);
  });
}

main().catch((error: unknown) => {
  // Configuration and listen problems are the user's to fix: their message, no stack.
  const code = (error as { code?: unknown } | null)?.code;
  const known = error instanceof ConfigError || code === 'EADDRINUSE' || code === 'EACCES';
  console.error(known ? `The gateway did not start. ${(error as Error).message}` : error);
  process.exitCode = 1;
});
