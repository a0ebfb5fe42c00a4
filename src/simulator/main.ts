import { simulatorBanner } from './banner.js';
import { createSimulator, simulatorOptionsFromSettings } from './index.js';
import { loadSimulatorSettings, SimulatorSettingsError } from './settings.js';
import { stopOnSignals } from './stop-on-signals.js';

/**
 * `npm run simulator`: the ECS simulator on its own, configured by the SIMULATOR_*
 * variables and ECS_API_LIMITS, on SIMULATOR_PORT (9000 unless set; 0 picks a free
 * port and the banner shows the one bound). Stops cleanly on SIGINT and SIGTERM.
 */

async function main(): Promise<void> {
  const settings = loadSimulatorSettings();
  const simulator = await createSimulator(simulatorOptionsFromSettings(settings, { standalone: true }));
  console.log(simulatorBanner(simulator, settings));

  stopOnSignals('ECS simulator', () => simulator.close());
}

main().catch((error: unknown) => {
  // Configuration and start-up problems are the user's to fix: their message, no stack.
  const known =
    error instanceof SimulatorSettingsError || error instanceof RangeError || isListenError(error);
  console.error(known ? `The ECS simulator did not start. ${(error as Error).message}` : error);
  process.exitCode = 1;
});

function isListenError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
}
