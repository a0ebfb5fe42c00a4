import { createSimulator, simulatorOptionsFromSettings } from '../../src/simulator/index.js';
import { loadSimulatorSettings } from '../../src/simulator/settings.js';
import { startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';

/**
 * The gateway as `npm start` runs it, or the simulator as `npm run simulator` does,
 * configured from the environment alone, so the hostile scenario measures whatever
 * this build does with its settings and defaults, and outlives it when an attack kills
 * or stalls it. Prints one JSON line of URLs, then serves until its stdin closes or it
 * is sent SIGTERM.
 *
 * It never looks for an aliyun CLI profile, and the gateway refuses to start unless
 * its upstream is the embedded simulator or ECS_ENDPOINT on 127.0.0.1: the benchmark
 * talks to loopback only.
 */
const kind = process.argv[2];
if (kind !== 'gateway' && kind !== 'simulator') throw new Error('usage: from-env.ts gateway|simulator');
let close: () => Promise<void>;
if (kind === 'simulator') {
  const settings = loadSimulatorSettings(process.env);
  const simulator = await createSimulator(simulatorOptionsFromSettings(settings, { standalone: true }));
  close = () => simulator.close();
  process.stdout.write(`${JSON.stringify({ simulatorUrl: simulator.url })}\n`);
} else {
  const config = loadStartConfig(process.env, { homeDir: '/nonexistent-bench-home' });
  const upstream = config.ecs.endpoint === undefined ? undefined : new URL(config.ecs.endpoint);
  const loopback =
    config.simulatorMode || (upstream?.hostname === '127.0.0.1' && config.credentials.kind === 'simulator');
  if (!loopback || config.gateway.host !== '127.0.0.1')
    throw new Error('the benchmark gateway runs only on 127.0.0.1, against a simulator on 127.0.0.1');
  const gateway = await startGateway(config);
  close = async () => {
    await gateway.close();
  };
  process.stdout.write(
    `${JSON.stringify({ gatewayUrl: gateway.graphqlUrl, simulatorUrl: gateway.simulator?.url ?? config.ecs.endpoint })}\n`,
  );
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await close();
  process.exit(0);
}
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
