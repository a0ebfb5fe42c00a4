import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/yoga.js';
import { estate, type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

const TOKEN = 'gw-token-0123456789abcdef';

let h: SimulatedGateway;
afterEach(() => h.close());

async function setUp(gateway: Partial<GatewayOptions>) {
  // The estate is read before the gateway under test exists: with a token, reads need it too.
  h = await simulatedGateway({ gateway });
  const { stopped } = await estate(
    gateway.token === undefined
      ? h
      : { ...h, run: (query, variables) => h.run(query, variables, { authorization: `Bearer ${TOKEN}` }) },
  );
  h.simulator.stats.reset();
  return stopped.id;
}

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await h.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

const START = `mutation Start($id: ID!) {
  startInstance(input: { instanceId: $id }) { __typename ... on StartInstancePayload { instance { status } } }
}`;

function refusedWith(code: string, message: RegExp) {
  return {
    errors: [expect.objectContaining({ message: expect.stringMatching(message), extensions: { code } })],
  };
}

describe('write safety', () => {
  it('on a non-loopback interface without a token, refuses mutations before any call; reads still work', async () => {
    const id = await setUp({ host: '0.0.0.0' });
    const refused = await post(START, { id });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(
      refusedWith('MUTATIONS_DISABLED', /listens on 0\.0\.0\.0.*no GATEWAY_TOKEN/),
    );
    expect(h.simulator.stats.snapshot().total).toBe(0);
    const read = await post('query I($id: ID!) { instance(id: $id) { status } }', { id });
    expect(read.body).toEqual({ data: { instance: { status: 'STOPPED' } } });
  });

  it('serves mutations on loopback without a token (127.0.0.1, ::1, localhost)', async () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      const id = await setUp({ host });
      const accepted = await post(START, { id });
      expect(accepted.body).toEqual({
        data: { startInstance: { __typename: 'StartInstancePayload', instance: { status: 'STARTING' } } },
      });
      await h.close();
    }
    h = await simulatedGateway();
  });

  it('with a token, refuses a request without it or with a wrong one, and accepts the right one', async () => {
    const id = await setUp({ host: '0.0.0.0', token: TOKEN });
    const missing = await post(START, { id });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(refusedWith('UNAUTHENTICATED', /requires a token/));
    const wrong = await post(START, { id }, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(refusedWith('UNAUTHENTICATED', /not the gateway token/));
    const basic = await post(START, { id }, { authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
    expect(h.simulator.stats.snapshot().total).toBe(0);

    const accepted = await post(START, { id }, { authorization: `Bearer ${TOKEN}` });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ data: { startInstance: { instance: { status: 'STARTING' } } } });
    for (const answer of [missing, wrong, basic, accepted]) expect(answer.text).not.toContain(TOKEN);
    expect(h.logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('read-only refuses every mutation, token or not, and still serves reads', async () => {
    const id = await setUp({ readOnly: true, token: TOKEN });
    const refused = await post(START, { id }, { authorization: `Bearer ${TOKEN}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(refusedWith('MUTATIONS_DISABLED', /read-only/));
    expect(h.simulator.stats.snapshot().total).toBe(0);
    const read = await post(
      'query I($id: ID!) { instance(id: $id) { status } }',
      { id },
      {
        authorization: `Bearer ${TOKEN}`,
      },
    );
    expect(read.body).toEqual({ data: { instance: { status: 'STOPPED' } } });
  });
});
