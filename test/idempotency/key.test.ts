import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  derivedClientToken,
  keyScope,
  parseIdempotencyKey,
  requestFingerprint,
  storeKey,
} from '../../src/idempotency/key.js';
import { RequestIdempotency } from '../../src/idempotency/request-state.js';

describe('parseIdempotencyKey', () => {
  it('accepts the bare (Stripe) and the quoted (IETF draft) forms as the same key', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
  });

  it.each([
    ['', 'got an empty key'],
    ['""', 'got an empty key'],
    ['k'.repeat(256), 'got 256 characters'],
    ['a b', 'got another character'],
    ['"a\\"b"', 'got another character'],
    ['tab\there', 'got another character'],
    ['é', 'got another character'],
  ])('refuses %j: INVALID_IDEMPOTENCY_KEY, 400, naming the rule', (header, got) => {
    expect(() => parseIdempotencyKey(header)).toThrow(
      expect.objectContaining({
        extensions: {
          code: 'INVALID_IDEMPOTENCY_KEY',
          header: 'Idempotency-Key',
          rule: expect.stringContaining(got),
          http: { status: 400 },
        },
      }),
    );
  });
});

describe('key derivations', () => {
  it('a derived ClientToken is deterministic, within ECS’s 64 ASCII characters, distinct per scope, key and field', () => {
    const scope = keyScope('token-a');
    const token = derivedClientToken(scope, 'key', 'createSnapshot');
    expect(token).toMatch(/^gw-[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(derivedClientToken(scope, 'key', 'createSnapshot')).toBe(token);
    expect(derivedClientToken(keyScope('token-b'), 'key', 'createSnapshot')).not.toBe(token);
    expect(derivedClientToken(keyScope(undefined), 'key', 'createSnapshot')).not.toBe(token);
    expect(derivedClientToken(scope, 'key2', 'createSnapshot')).not.toBe(token);
    expect(derivedClientToken(scope, 'key', 'second')).not.toBe(token);
  });

  it('the store key holds neither the key nor the token, and differs by scope', () => {
    const where = storeKey(keyScope('secret-token'), 'my-key');
    expect(where).toMatch(/^idempotency:[0-9a-f]{64}$/);
    expect(where).not.toContain('my-key');
    expect(keyScope('secret-token')).not.toContain('secret-token');
    expect(storeKey(keyScope('other-token'), 'my-key')).not.toBe(where);
  });

  it('the fingerprint ignores layout and variable order, not values or the operation name', () => {
    const a = requestFingerprint(parse('mutation M($x: ID!) { a(id: $x) { b } }'), 'M', {
      x: '1',
      y: { p: 1, q: 2 },
    });
    const b = requestFingerprint(parse('mutation M($x: ID!) {\n  a(id: $x) {\n    b\n  }\n}'), 'M', {
      y: { q: 2, p: 1 },
      x: '1',
    });
    expect(b).toBe(a);
    expect(
      requestFingerprint(parse('mutation M($x: ID!) { a(id: $x) { b } }'), 'M', {
        x: '2',
        y: { p: 1, q: 2 },
      }),
    ).not.toBe(a);
    expect(
      requestFingerprint(parse('mutation M($x: ID!) { a(id: $x) { b } }'), null, {
        x: '1',
        y: { p: 1, q: 2 },
      }),
    ).not.toBe(a);
  });
});

describe('RequestIdempotency.shouldKeep', () => {
  const keep = (...writes: ['clientToken' | 'none', 'done' | 'refused' | 'unknown'][]) => {
    const state = new RequestIdempotency('anonymous', 'k');
    for (const [idempotency, outcome] of writes) state.noteWrite(idempotency, outcome);
    return state.shouldKeep();
  };

  it('keeps what reached ECS, except an unknown outcome that the same tokens can settle', () => {
    expect(keep()).toBe(false);
    expect(keep(['none', 'done'])).toBe(true);
    expect(keep(['clientToken', 'refused'])).toBe(true);
    expect(keep(['none', 'unknown'])).toBe(true);
    expect(keep(['clientToken', 'unknown'])).toBe(false);
    expect(keep(['clientToken', 'done'], ['clientToken', 'unknown'])).toBe(false);
    expect(keep(['none', 'done'], ['clientToken', 'unknown'])).toBe(true);
  });
});
