import type { YogaLogger } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { DescribeZones } from '../../src/spec/actions/regions.js';
import { FakeEcsError } from '../graph/support/fake-ecs.js';
import { execute, regionGateway } from '../graph/support/gateway.js';

/** Yoga's logger, keeping each line's level and what was written. */
function levelledLogger() {
  const lines: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, args });
  const logger: YogaLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

async function linesFor(error: Error) {
  const { logger, lines } = levelledLogger();
  const { ecs, gateway } = regionGateway({ logger });
  ecs.failWhen(DescribeZones, () => true, error);
  await execute(gateway, '{ region(id: "cn-hangzhou") { zones { id } } }');
  // Without yoga's own progress notes ("Processing GraphQL Parameters").
  return lines.filter((line) => typeof line.args[0] !== 'string');
}

describe('the level of an answer with errors', () => {
  it("an ECS refusal the client caused (4xx): info, with the ECS request id, no stack; yoga's report only debug", async () => {
    const lines = await linesFor(
      new FakeEcsError('InvalidZoneId.NotFound', 'The zone does not exist.', 404, 'REQ-404'),
    );
    expect(lines.map((line) => line.level)).toEqual(['debug', 'info']);
    expect(lines[1]?.args).toEqual([
      {
        operation: null,
        errors: [
          {
            code: 'InvalidZoneId.NotFound',
            message: 'The zone does not exist.',
            path: 'region.zones',
            httpStatus: 404,
            requestId: 'REQ-404',
          },
        ],
      },
      'answered with 1 error',
    ]);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('upstream trouble (5xx, throttling): warn, still without a stack', async () => {
    for (const error of [
      new FakeEcsError('ServiceUnavailable', 'Try later.', 503),
      new FakeEcsError('Throttling.User', 'Request was denied due to user flow control.', 400),
    ]) {
      const lines = await linesFor(error);
      expect(lines.map((line) => line.level)).toEqual(['debug', 'warn']);
      expect(JSON.stringify(lines)).not.toContain('stack');
    }
  });

  it('a bug: error with its one stack (no second of the wrapper), and the answer line at warn', async () => {
    const lines = await linesFor(new TypeError('cannot read x of undefined'));
    expect(lines.map((line) => line.level)).toEqual(['error', 'warn']);
    const described = lines[0]?.args[0] as { name: string; stack: string; path: string };
    expect(described).toMatchObject({ name: 'TypeError', path: 'region.zones' });
    expect(described.stack.match(/^\w*Error: /gm)).toEqual(['TypeError: ']);
  });
});
