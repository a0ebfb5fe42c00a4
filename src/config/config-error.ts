/** A variable and the rule its value breaks, in words. */
export interface ConfigProblem {
  readonly variable: string;
  readonly rule: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.variable}: ${problem.rule}`)
        .join('\n')}`,
    );
  }
}
