import { API_LIMITS } from '../../src/spec/limits.js';
import { startBenchSimulator } from '../lib/estate.js';
import { benchClient, benchGateway, serveGateway } from '../lib/gateway.js';

/**
 * A target in a process of its own, so the process that measures it does not share its
 * event loop, heap or JIT state: `simulator` (the simulator alone) or `gateway` (the
 * gateway over the simulator, in one process as in embedded mode). Prints one JSON line
 * of URLs, then serves until its stdin closes or it is sent SIGTERM. The gateway asks
 * ECS for `format`; with `--upstream <url>` it asks that simulator instead of its own,
 * with `--debug` each result reports its upstream calls, and `--limits` sets the API
 * profile of both (2014 by default).
 */
const [kind, format = 'XML', ...flags] = process.argv.slice(2);
const upstreamAt = flags.indexOf('--upstream');
const upstream = upstreamAt >= 0 ? flags[upstreamAt + 1] : undefined;
const limitsAt = flags.indexOf('--limits');
const limitsName = limitsAt >= 0 ? flags[limitsAt + 1] : '2014';
if (
  (limitsName !== '2014' && limitsName !== 'current') ||
  (kind !== 'simulator' && kind !== 'gateway') ||
  (format !== 'XML' && format !== 'JSON') ||
  (upstreamAt >= 0 && (kind !== 'gateway' || upstream === undefined))
)
  throw new Error(
    'usage: serve.ts simulator|gateway [XML|JSON] [--upstream <url>] [--debug] [--limits 2014|current]',
  );
const limits = API_LIMITS[limitsName];

const closers: Array<() => Promise<void>> = [];
let simulatorUrl = upstream;
if (upstream === undefined) {
  const sim = await startBenchSimulator({ limits });
  closers.push(() => sim.close());
  simulatorUrl = sim.server.url;
}
let gatewayUrl: string | undefined;
if (kind === 'gateway') {
  const client = benchClient(simulatorUrl!, { format, limits });
  const served = await serveGateway(benchGateway(client, limits, { debug: flags.includes('--debug') }));
  closers.unshift(
    () => served.close(),
    () => client.close(),
  );
  gatewayUrl = served.url;
}
process.stdout.write(`${JSON.stringify({ simulatorUrl, gatewayUrl })}\n`);

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
