import { ConfigError, type ConfigProblem } from './config/config-error.js';
import { type LoadConfigOptions, loadConfig } from './config/load-config.js';
import { deepFreeze, withRedaction } from './config/redaction.js';
import type { Config } from './config/settings.js';
import { readSimulatorSettings, type SimulatorSettings } from './simulator/settings.js';

/**
 * What `npm start` reads: the gateway's configuration and, for the simulator it embeds
 * when no credentials are set, the simulator's own settings. Both are read at once, so
 * one message lists every problem; a variable both read (ECS_API_LIMITS, the simulator
 * keys) is reported once.
 */
export interface StartConfig extends Config {
  /** The embedded simulator's settings, read whether or not it is started. */
  readonly simulator: SimulatorSettings;
}

/** Reads, validates and freezes both; throws ConfigError listing every problem. */
export function loadStartConfig(
  env?: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions = {},
): StartConfig {
  const problems: ConfigProblem[] = [];
  let config: Config | undefined;
  try {
    config = loadConfig(env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const simulator = readSimulatorSettings(env);
  const reported = new Set(problems.map(({ variable, rule }) => `${variable}: ${rule}`));
  problems.push(...simulator.problems.filter(({ variable, rule }) => !reported.has(`${variable}: ${rule}`)));
  if (config === undefined || !('settings' in simulator) || problems.length > 0)
    throw new ConfigError(problems);
  // The gateway's parts arrive frozen and redacting; the simulator's secret is redacted the same way.
  return deepFreeze(withRedaction({ ...config, simulator: simulator.settings }));
}
