import { describe, expect, it } from 'vitest';
import {
  describeExit,
  GATEWAY_PROCESS_DEFAULTS,
  gatewayEnvironment,
  parseProcStatCpuMs,
  parseProcStatus,
} from '../../bench/lib/gateway-process.js';
import { splitFaultRate } from '../../bench/scenarios/hostile/faults.js';

describe('gatewayEnvironment', () => {
  it('drops every variable the gateway reads from the parent, then adds the defaults and the settings', () => {
    const env = gatewayEnvironment(
      {
        PATH: '/usr/bin',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'real-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'real-secret',
        ECS_ENDPOINT: 'https://ecs.aliyuncs.com',
        GATEWAY_TOKEN: 'from-the-shell-0000',
        PORT: '4000',
        // Read by the simulator alone, dropped all the same.
        SIMULATOR_LATENCY_MS: '50',
      },
      { GATEWAY_TOKEN: 'bench-token-0123456789', PORT: '0' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      ...GATEWAY_PROCESS_DEFAULTS,
      GATEWAY_TOKEN: 'bench-token-0123456789',
    });
    expect(env.HOST).toBe('127.0.0.1');
  });
});

describe('describeExit', () => {
  it('names the signal and the fatal error of V8', () => {
    const stderr = [
      '<--- Last few GCs --->',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      ' 1: 0xb8d0a3 node::Abort() [node]',
    ].join('\n');
    expect(describeExit({ code: null, signal: 'SIGABRT' }, stderr)).toBe(
      'gateway died (SIGABRT: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory)',
    );
  });

  it('names an exit code and a thrown error, or nothing more when stderr says nothing', () => {
    expect(
      describeExit(
        { code: 1, signal: null },
        'at x\nRangeError: Maximum call stack size exceeded\n',
        'simulator',
      ),
    ).toBe('simulator died (exit code 1: RangeError: Maximum call stack size exceeded)');
    expect(describeExit({ code: null, signal: 'SIGKILL' }, '')).toBe('gateway died (SIGKILL)');
  });
});

describe('/proc parsers', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ rssBytes: 100 * 2 ** 20, peakRssBytes: 200 * 2 ** 20 });
    expect(() => parseProcStatus('Name:\tnode\n')).toThrow('/proc status has no VmRSS');
  });

  it('adds utime and stime, counting fields after a command name that holds spaces and parentheses', () => {
    const fields = ['S', '1', '2', '3', '0', '-1', '4194304', '119', '0', '0', '0', '250', '37', '0', '0'];
    expect(parseProcStatCpuMs(`1234 (node (x) y) ${fields.join(' ')}`)).toBe(2870);
  });
});

describe('splitFaultRate', () => {
  it('splits a total rate evenly over throttling, 503, 500 and a drop before acting', () => {
    expect(splitFaultRate(0.2)).toEqual({
      throttlingRate: 0.05,
      serviceUnavailableRate: 0.05,
      internalErrorRate: 0.05,
      dropRate: 0.05,
    });
  });
});
