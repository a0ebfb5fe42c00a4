import { describe, expect, it } from 'vitest';
import { createGatewayLogger } from '../../src/logging/logger.js';
import { inRequestScope } from '../../src/logging/request-scope.js';

function capture(colour: boolean) {
  let written = '';
  const logger = createGatewayLogger({
    level: 'info',
    format: 'pretty',
    colour,
    sink: { write: (line: string) => (written += line) },
    now: () => Date.UTC(2026, 10, 30, 12, 34, 56, 789),
  });
  return { logger, text: () => written };
}

describe('LOG_FORMAT=pretty', () => {
  it('writes one readable line a record, without ANSI codes when the output is not a terminal', () => {
    const { logger, text } = capture(false);
    inRequestScope({ requestId: 'r-1' }, () =>
      logger.info({ action: 'DescribeRegions', httpStatus: 200, note: 'two words' }, 'ECS call'),
    );
    logger.debug('not at info');
    expect(text()).toBe(
      '12:34:56.789 INFO  [r-1] ECS call action=DescribeRegions httpStatus=200 note="two words"\n',
    );
  });

  it('colours the level and keys only on a terminal, and puts a stack under its line', () => {
    const { logger, text } = capture(true);
    logger.error({ error: { name: 'Error', message: 'boom', stack: 'Error: boom\n    at here' } }, 'boom');
    expect(text()).toBe(
      '12:34:56.789 \u001b[31mERROR\u001b[39m boom \u001b[90merror=\u001b[39m{"name":"Error","message":"boom"}\n    Error: boom\n        at here\n',
    );
  });
});
