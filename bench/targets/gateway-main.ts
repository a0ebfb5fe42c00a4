import { loadConfig } from '../../src/config.js';
import { startGateway } from '../../src/start.js';

/**
 * The gateway as `npm start` runs it (configuration from the environment, embedded
 * simulator, every plugin and default of this build), for the hostile scenario, which
 * attacks it and must survive its death. Prints one JSON line of URLs, then serves
 * until its stdin closes or it is sent SIGTERM.
 *
 * It never looks for an aliyun CLI profile and refuses to start unless it is in
 * simulator mode: the benchmark talks to loopback only.
 */
const config = loadConfig(process.env, { homeDir: '/nonexistent-bench-home' });
if (!config.simulatorMode || config.gateway.host !== '127.0.0.1')
  throw new Error('the hostile target runs only on 127.0.0.1 against its embedded simulator');
const gateway = await startGateway(config);
process.stdout.write(
  `${JSON.stringify({ gatewayUrl: gateway.graphqlUrl, simulatorUrl: gateway.simulator?.url })}\n`,
);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await gateway.close();
  process.exit(0);
}
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
