import { describe, expect, it } from 'vitest';
import { encodeParams } from '../../src/ecs/encode-params.js';
import { ParamError } from '../../src/ecs/errors.js';
import {
  bindParams,
  inputPath,
  inputProblem,
  toActionInput,
} from '../../src/schema/mutations/input-fields.js';
import { parseParams, WireParamError } from '../../src/simulator/parse-params.js';
import { ModifyImageSharePermission } from '../../src/spec/actions/image-shares.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import type { ParamProblem } from '../../src/spec/param-checks.js';
import { type InputOf, type Params, p } from '../../src/spec/params.js';

/** The repeated scalar kind (`AddAccount.N`): a list of strings, one wire parameter each. */

const limits = API_LIMITS.current;

const shareParams = {
  ImageId: p.id({ required: true }),
  AddAccount: p.list({
    max: 3,
    of: p.string({ minLength: 2, maxLength: 4, code: 'InvalidAccount.Malformed' }),
  }),
  Label: p.list({ max: 2, required: true, of: p.string() }),
} satisfies Params;
type ShareInput = InputOf<typeof shareParams>;

function problems(run: () => unknown): Pick<ParamProblem, 'param' | 'rule' | 'code'>[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ParamError || error instanceof WireParamError)) throw error;
    return error.problems.map(({ param, rule, code }) => ({ param, rule, code }));
  }
  throw new Error('expected a refusal');
}

describe('a list parameter on the client', () => {
  it('is typed as a list of strings and encoded as Name.1 .. Name.k in order', () => {
    const input: ShareInput = { ImageId: 'm-1', AddAccount: ['aa', 'bbb', 'cccc'], Label: ['x'] };
    expect(encodeParams(shareParams, input, limits)).toEqual({
      ImageId: 'm-1',
      'AddAccount.1': 'aa',
      'AddAccount.2': 'bbb',
      'AddAccount.3': 'cccc',
      'Label.1': 'x',
    });
  });

  it('round-trips through the simulator parser', () => {
    const input: ShareInput = { ImageId: 'm-1', AddAccount: ['cccc', 'aa'], Label: ['y', 'x'] };
    expect(parseParams(shareParams, encodeParams(shareParams, input, limits), limits)).toEqual(input);
  });

  it('sends an empty list as nothing, which a required list refuses', () => {
    expect(encodeParams(shareParams, { ImageId: 'm-1', AddAccount: [], Label: ['x'] }, limits)).toEqual({
      ImageId: 'm-1',
      'Label.1': 'x',
    });
    expect(problems(() => parseParams(shareParams, { ImageId: 'm-1' }, limits))).toEqual([
      { param: 'Label.1', rule: 'required', code: 'MissingParameter' },
    ]);
  });

  it('refuses more entries than max before anything is sent, naming the parameter', () => {
    const input = { ImageId: 'm-1', AddAccount: ['aa', 'bb', 'cc', 'dd'], Label: ['x'] };
    expect(problems(() => encodeParams(shareParams, input, limits))).toEqual([
      { param: 'AddAccount', rule: 'at most 3 entries', code: 'InvalidParameter' },
    ]);
  });

  it("checks each entry with the entry's rules and code, named by its N", () => {
    const input = { ImageId: 'm-1', AddAccount: ['aa', 'b', 'ccccc'], Label: ['x', 7] };
    expect(problems(() => encodeParams(shareParams, input as unknown as ShareInput, limits))).toEqual([
      { param: 'AddAccount.2', rule: 'at least 2 characters', code: 'InvalidAccount.Malformed' },
      { param: 'AddAccount.3', rule: 'at most 4 characters', code: 'InvalidAccount.Malformed' },
      { param: 'Label.2', rule: 'must be a string', code: 'InvalidParameter' },
    ]);
    expect(
      problems(() => encodeParams(shareParams, { ImageId: 'm-1', AddAccount: 'aa' } as never, limits)),
    ).toEqual([
      { param: 'AddAccount', rule: 'must be a list', code: 'InvalidParameter' },
      { param: 'Label', rule: 'required', code: 'MissingParameter' },
    ]);
  });
});

describe('a list parameter in the simulator', () => {
  it('reads the entries in N order across gaps', () => {
    const wire = { ImageId: 'm-1', 'AddAccount.3': 'cc', 'AddAccount.1': 'aa', 'Label.2': 'x' };
    expect(parseParams(shareParams, wire, limits)).toEqual({
      ImageId: 'm-1',
      AddAccount: ['aa', 'cc'],
      Label: ['x'],
    });
  });

  it('ignores an N beyond max, N 0, a leading zero and the bare name, as ECS ignores a larger N', () => {
    const wire = {
      ImageId: 'm-1',
      'AddAccount.2': 'bb',
      'AddAccount.4': 'dd',
      'AddAccount.11': 'kk',
      'AddAccount.0': 'zz',
      'AddAccount.01': 'oo',
      AddAccount: 'bare',
      'Label.1': 'x',
      'Label.3': 'y',
    };
    expect(parseParams(shareParams, wire, limits)).toEqual({
      ImageId: 'm-1',
      AddAccount: ['bb'],
      Label: ['x'],
    });
  });

  it('refuses an entry that breaks its rules with its code, named by the N the caller sent', () => {
    const wire = { ImageId: 'm-1', 'AddAccount.2': 'aa', 'AddAccount.5': 'x', 'Label.1': 'x' };
    const short = { ...wire, 'AddAccount.3': 'b' };
    expect(problems(() => parseParams(shareParams, short, limits))).toEqual([
      { param: 'AddAccount.3', rule: 'at least 2 characters', code: 'InvalidAccount.Malformed' },
    ]);
  });
});

describe('a list parameter in the graph', () => {
  const bindings = bindParams(ModifyImageSharePermission.params);

  it('is an input field named for the parameter, in the plural', () => {
    expect(bindings.map((binding) => binding.field)).toEqual([
      'regionId',
      'imageId',
      'addAccounts',
      'removeAccounts',
      'dryRun',
    ]);
    expect(
      toActionInput(bindings, { imageId: 'm-1', addAccounts: ['1234567890123456'], removeAccounts: null }),
    ).toEqual({ ImageId: 'm-1', AddAccount: ['1234567890123456'] });
  });

  it('names a broken entry by its input path', () => {
    expect(inputPath(bindings, 'AddAccount')).toBe('input.addAccounts');
    expect(inputPath(bindings, 'RemoveAccount.3')).toBe('input.removeAccounts[2]');
    expect(
      inputProblem(bindings, {
        param: 'AddAccount',
        rule: 'at most 10 entries',
        code: 'InvalidParameter',
        httpStatus: 400,
        message: '',
      }),
    ).toMatchObject({
      field: 'input.addAccounts',
      message: 'input.addAccounts is not valid: at most 10 entries.',
    });
  });
});
