import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { callLogHook } from '../../src/logging/call-log.js';

function levelsOf(events: readonly Partial<CallEvent>[]): string[] {
  const levels: string[] = [];
  const logger = pino(
    { level: 'debug', formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => levels.push((JSON.parse(line) as { level: string }).level) },
  );
  const hook = callLogHook(logger);
  for (const fields of events)
    hook({
      action: 'DescribeDisks',
      regionId: 'cn-hangzhou',
      attempts: 1,
      durationMs: 4.4,
      httpStatus: undefined,
      requestId: undefined,
      errorCode: undefined,
      throttled: 0,
      ...fields,
    });
  return levels;
}

describe('the level of an ECS call line', () => {
  it('debug for a success, info for what the client caused, warn for upstream trouble', () => {
    expect(
      levelsOf([
        { httpStatus: 200, requestId: 'R' },
        { httpStatus: 404, errorCode: 'InvalidDiskId.NotFound' },
        { httpStatus: 403, errorCode: 'IncorrectInstanceStatus' },
        { attempts: 0, errorCode: 'InvalidParameter' },
        { attempts: 0, errorCode: 'Aborted' },
        { httpStatus: 400, errorCode: 'Throttling.User', attempts: 5 },
        { httpStatus: 503, errorCode: 'ServiceUnavailable' },
        { errorCode: 'ConnectionRefused' },
        { attempts: 0, errorCode: 'UpstreamUnavailable' },
        { attempts: 3, errorCode: 'DeadlineExceeded' },
      ]),
    ).toEqual(['debug', 'info', 'info', 'info', 'info', 'warn', 'warn', 'warn', 'warn', 'warn']);
  });
});
