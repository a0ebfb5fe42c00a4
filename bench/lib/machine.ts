import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  /** 1-minute load average when read: above the core count, other work shares the machine and figures are noisier. */
  readonly loadAverage: number;
}

/** The machine a run was made on, as the recorded tables name it. */
export function describeMachine(): Machine {
  const cores = cpus();
  return {
    node: process.version,
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
}
