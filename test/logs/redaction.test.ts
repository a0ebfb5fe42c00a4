import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayLogger } from '../../src/logging/logger.js';
import { yogaLoggerOver } from '../../src/logging/yoga-logger.js';
import { redactingLogger } from '../../src/plugins/mask-errors.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { loggedGateway, post, settle } from './support.js';

// Distinctive values, so a leak anywhere is found by a plain substring search.
const SECRET = 'SECRETaccessKeySecretValue';
const TOKEN = 'SECRETsecurityTokenValue';
const GATEWAY_TOKEN = 'SECRETgatewayBearerTokenValue';
const ALL = [SECRET, TOKEN, GATEWAY_TOKEN];

const simulators: Simulator[] = [];
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.close();
});

describe('no log line shows a secret', () => {
  it('end to end: ECS refusing our signature, a wrong and a right gateway token, at debug, json and pretty', async () => {
    // ECS (the simulator) knows another secret: every call fails SignatureDoesNotMatch,
    // whose message quotes the string to sign, SecurityToken included.
    const simulator = await createSimulator({
      accessKeyId: 'LTAI5tExampleKeyId1234',
      accessKeySecret: 'other',
    });
    simulators.push(simulator);
    for (const format of ['json', 'pretty']) {
      const { url, text } = await loggedGateway({
        LOG_LEVEL: 'trace',
        LOG_FORMAT: format,
        ECS_ENDPOINT: simulator.url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId1234',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
        GATEWAY_TOKEN,
        ECS_MAX_ATTEMPTS: '1',
      });
      const refused = await post(
        url,
        { query: '{ __typename }' },
        { authorization: `Bearer ${GATEWAY_TOKEN}x` },
      );
      expect(refused.status).toBe(401);
      const answer = await post(
        url,
        { query: '{ regions { id } }' },
        { authorization: `Bearer ${GATEWAY_TOKEN}`, 'x-request-id': 'sig' },
      );
      await settle();
      expect(JSON.stringify(answer.json)).toContain('SignatureDoesNotMatch');
      const log = text();
      expect(log).toContain('SignatureDoesNotMatch');
      for (const secret of ALL) expect(log).not.toContain(secret);
    }
  });

  it('a bug whose message, stack and fields hold secrets is logged at error with them redacted', () => {
    let written = '';
    const logger = createGatewayLogger({
      level: 'debug',
      format: 'json',
      sink: { write: (line: string) => (written += line) },
      secrets: [SECRET, TOKEN, GATEWAY_TOKEN],
    });
    const yoga = redactingLogger(yogaLoggerOver(logger));
    yoga.error(
      new Error(`socket hang up at https://ecs.aliyuncs.com/?Signature=c2lnbmF0dXJl&SecurityToken=${TOKEN}`),
    );
    logger.info({ config: { accessKeySecret: SECRET, nested: [{ quoted: `"${GATEWAY_TOKEN}"` }] } }, 'odd');
    logger.warn({ headers: { authorization: `Bearer ${GATEWAY_TOKEN}` } }, 'headers');
    logger.info(`secret with a quote: ${SECRET}`);
    const lines = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 'error', error: { name: 'Error' } });
    expect(String((lines[0]?.error as { stack?: string } | undefined)?.stack)).toMatch(
      /^Error: socket hang up/,
    );
    expect(written).not.toContain('c2lnbmF0dXJl');
    for (const secret of ALL) expect(written).not.toContain(secret);
    expect(lines).toHaveLength(4);
  });
});

describe('text a client sends cannot reshape the log', () => {
  it('a string to sign in client text is cut to its JSON string, never to the end of the line', () => {
    let written = '';
    const logger = createGatewayLogger({
      level: 'info',
      format: 'json',
      sink: { write: (line: string) => (written += line) },
      secrets: [],
    });
    logger.info({ operation: 'x string to sign is: hide "quoted" part', status: 200 }, 'answered');
    logger.info({ method: 'POST', path: '/graphql' }, 'request');
    const lines = written.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ operation: 'x', status: 200, msg: 'answered' });
    expect(second).toMatchObject({ method: 'POST', path: '/graphql', msg: 'request' });
  });

  it('control characters in pretty lines are quoted, never sent raw to the terminal', () => {
    let written = '';
    const logger = createGatewayLogger({
      level: 'info',
      format: 'pretty',
      sink: { write: (line: string) => (written += line) },
      secrets: [],
    });
    logger.info({ operation: 'X\u001b[2J\u001b[31mFORGED\u0007' }, 'answered \u001b[2J');
    // Nothing below a space but the line's own end, and no DEL.
    expect([...written.slice(0, -1)].filter((c) => c < ' ' || c === '\u007f')).toEqual([]);
    expect(written).toContain('operation="X\\u001b[2J\\u001b[31mFORGED\\u0007"');
    expect(written).toContain('"answered \\u001b[2J"');
    expect(written.endsWith('\n')).toBe(true);
  });
});
