import { startBenchSimulator } from '../lib/estate.js';
import { benchClient, benchGateway, serveGateway } from '../lib/gateway.js';

/**
 * A load target in a process of its own, so the load generator does not share its
 * event loop: `simulator` (the simulator alone) or `gateway` (the gateway over the
 * simulator, in one process as in embedded mode). Prints one JSON line of URLs, then
 * serves until its stdin closes or it is sent SIGTERM. The gateway asks ECS for `format`.
 */
const [kind, format = 'XML'] = process.argv.slice(2);
if ((kind !== 'simulator' && kind !== 'gateway') || (format !== 'XML' && format !== 'JSON'))
  throw new Error('usage: serve.ts simulator|gateway [XML|JSON]');

const sim = await startBenchSimulator();
const closers: Array<() => Promise<void>> = [() => sim.close()];
let gatewayUrl: string | undefined;
if (kind === 'gateway') {
  const client = benchClient(sim.server.url, { format, limits: sim.limits });
  const served = await serveGateway(benchGateway(client, sim.limits, { debug: false }));
  closers.unshift(
    () => served.close(),
    () => client.close(),
  );
  gatewayUrl = served.url;
}
process.stdout.write(`${JSON.stringify({ simulatorUrl: sim.server.url, gatewayUrl })}\n`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  for (const close of closers) await close();
  process.exit(0);
}
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
