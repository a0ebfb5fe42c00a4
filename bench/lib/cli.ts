/** The benchmark's command line: `--only a,b`, `--quick`, `--out file`. */
export interface BenchArgs {
  readonly only: readonly string[] | undefined;
  readonly quick: boolean;
  readonly out: string;
}

export const DEFAULT_OUT = 'bench/results/latest.json';

export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  let only: string[] | undefined;
  let quick = false;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--only') {
      only = [
        ...(only ?? []),
        ...value()
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ];
    } else if (flag === '--quick') quick = true;
    else if (flag === '--out') out = value();
    else
      throw new Error(
        `unknown argument ${arg}; use --only <${known.join('|')}>[,...], --quick, --out <file>`,
      );
  }
  const unknown = (only ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new Error(`--only: no scenario named ${unknown.join(', ')}; the scenarios are ${known.join(', ')}`);
  return { only, quick, out };
}
