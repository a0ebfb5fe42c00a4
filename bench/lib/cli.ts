import type { ApiLimitsName } from '../../src/spec/limits.js';

/** The benchmark's command line: `--only a,b`, `--quick`, `--out file`, `--limits 2014|current`. */
export interface BenchArgs {
  readonly only: readonly string[] | undefined;
  readonly quick: boolean;
  readonly out: string;
  /** The API profile of S1 and S2 (the gateway and the simulator alike); 2014 by default. */
  readonly limits: ApiLimitsName;
}

export const DEFAULT_OUT = 'bench/results/latest.json';

export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  let only: string[] | undefined;
  let quick = false;
  let out = DEFAULT_OUT;
  let limits: ApiLimitsName = '2014';
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
    else if (flag === '--limits') {
      const name = value();
      if (name !== '2014' && name !== 'current')
        throw new Error(`--limits takes 2014 or current; got ${name}`);
      limits = name;
    } else
      throw new Error(
        `unknown argument ${arg}; use --only <${known.join('|')}>[,...], --quick, --out <file>, --limits <2014|current>`,
      );
  }
  const unknown = (only ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new Error(`--only: no scenario named ${unknown.join(', ')}; the scenarios are ${known.join(', ')}`);
  return { only, quick, out, limits };
}
