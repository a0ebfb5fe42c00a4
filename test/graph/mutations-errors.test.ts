import { describe, expect, it } from 'vitest';
import { EcsTransportError } from '../../src/ecs/errors.js';
import {
  classifyEcsError,
  EcsBusinessError,
  EcsIdempotencyError,
  EcsIncorrectStateError,
  EcsLockedError,
  EcsNotFoundError,
  EcsQuotaError,
} from '../../src/schema/mutations/errors.js';
import { bindParams, inputPath } from '../../src/schema/mutations/input-fields.js';
import type { ActionResult } from '../../src/spec/action.js';
import { CreateInstance } from '../../src/spec/actions/create-instance.js';
import { CreateSnapshot } from '../../src/spec/actions/create-snapshot.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import {
  ModifyInstanceAttribute,
  RebootInstance,
  StopInstance,
} from '../../src/spec/actions/instance-writes.js';
import { DeleteSnapshot, DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { FakeEcs, FakeEcsError, listingAnswer } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';

type Instance = ActionResult<typeof DescribeInstances>['Instances'][number];

describe('classifyEcsError', () => {
  it.each([
    ['IncorrectInstanceStatus', 403, EcsIncorrectStateError],
    ['IncorrectDiskStatus.CreatingSnapshot', 403, EcsIncorrectStateError],
    ['InvalidSnapshotId.NotReady', 403, EcsIncorrectStateError],
    ['DISK_HAS_CREATING_SNAPSHOT', 403, EcsIncorrectStateError],
    ['InvalidDiskId.NotFound', 404, EcsNotFoundError],
    ['QuotaExceed.Snapshot', 403, EcsQuotaError],
    ['InstanceSecurityGroupLimitExceeded', 400, EcsQuotaError],
    ['AutoSnapshotPolicy.QuotaExceed', 403, EcsQuotaError],
    ['InstanceLockedForSecurity', 403, EcsLockedError],
    ['IdempotentParameterMismatch', 403, EcsIdempotencyError],
    ['SnapshotCreatedImage', 403, EcsBusinessError],
    ['InvalidDescription.Malformed', 404, EcsBusinessError],
  ])('%s (%i) is %o', (code, status, type) => {
    expect(classifyEcsError(code, status, '')).toBe(type);
  });

  it('reads ParameterInvalid by its status and message: not found only when it says so', () => {
    const policy = 'The specified automatic snapshot policy does not exist.';
    expect(classifyEcsError('ParameterInvalid', 404, policy)).toBe(EcsNotFoundError);
    expect(classifyEcsError('ParameterInvalid', 403, 'The specified TimePoints parameter is invalid.')).toBe(
      EcsBusinessError,
    );
  });
});

describe('inputPath', () => {
  const bindings = bindParams(CreateInstance.params);
  it.each([
    ['InstanceName', 'input.instanceName'],
    ['SystemDisk.Size', 'input.systemDiskSize'],
    ['DataDisk.2.Size', 'input.dataDisks[1].size'],
    ['Tag.20.Key', 'input.tags[19].key'],
    ['ClientToken', 'input.clientToken'],
    ['Unknown', undefined],
  ])('%s is %s', (param, path) => {
    expect(inputPath(bindings, param)).toBe(path);
  });
});

function instanceGateway() {
  const instances: Instance[] = [
    { InstanceId: 'i-1', InstanceName: 'web', RegionId: 'cn-hangzhou' } as Instance,
  ];
  const setup = regionGateway();
  setup.ecs
    .answer(
      DescribeInstances,
      listingAnswer(instances, {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (instance) => instance.InstanceId ?? '',
        filters: { RegionId: (instance) => instance.RegionId },
      }),
    )
    .on(ModifyInstanceAttribute, (input) => {
      const instance = instances.find((candidate) => candidate.InstanceId === input.InstanceId);
      if (instance && input.InstanceName) Object.assign(instance, { InstanceName: input.InstanceName });
      return {};
    });
  return setup;
}

const RENAME = `mutation Rename($id: ID!, $name: String!) {
  rename: modifyInstanceAttribute(input: { instanceId: $id, instanceName: $name }) {
    __typename
    ... on ModifyInstanceAttributePayload { instance { name } }
    ... on EcsActionError { code }
    ... on OutcomeUnknownError { code action resourceIds }
  }
}`;

describe('mutation results', () => {
  it('reads the resource afresh after each action, even one the request has read already', async () => {
    const { gateway, ecs } = instanceGateway();
    const result = await execute(
      gateway,
      `mutation Twice {
        first: modifyInstanceAttribute(input: { instanceId: "i-1", instanceName: "web-a" }) {
          ... on ModifyInstanceAttributePayload { instance { name } }
        }
        second: modifyInstanceAttribute(input: { instanceId: "i-1", instanceName: "web-b" }) {
          ... on ModifyInstanceAttributePayload { instance { name } }
        }
      }`,
    );
    expect(result).toEqual({
      data: { first: { instance: { name: 'web-a' } }, second: { instance: { name: 'web-b' } } },
    });
    expect(ecs.actions()).toEqual([
      'ModifyInstanceAttribute',
      'DescribeInstances',
      'ModifyInstanceAttribute',
      'DescribeInstances',
    ]);
  });

  it('a transport failure after the call may have been sent is reconciled by reading: unknown when the state does not show it', async () => {
    const { gateway, ecs } = instanceGateway();
    ecs.failWhen(
      ModifyInstanceAttribute,
      () => true,
      new EcsTransportError('Timeout', 'ModifyInstanceAttribute to ecs.cn-hangzhou.aliyuncs.com timed out.'),
    );
    const result = await execute(gateway, RENAME, { id: 'i-1', name: 'web-a' });
    expect(result).toEqual({
      data: {
        rename: {
          __typename: 'OutcomeUnknownError',
          code: 'Timeout',
          action: 'ModifyInstanceAttribute',
          resourceIds: ['i-1'],
        },
      },
    });
    expect(ecs.actions()).toEqual(['ModifyInstanceAttribute', 'DescribeInstances']);
  });

  it('a transport failure before sending (unsent) stays a GraphQL error with its code, and nothing is read', async () => {
    const { gateway, ecs } = instanceGateway();
    ecs.failWhen(
      ModifyInstanceAttribute,
      () => true,
      new EcsTransportError('ConnectionRefused', 'ecs.cn-hangzhou.aliyuncs.com refused the connection.'),
    );
    const result = await execute(gateway, RENAME, { id: 'i-1', name: 'web-a' });
    expect(result).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          path: ['rename'],
          extensions: expect.objectContaining({ code: 'ConnectionRefused' }),
        }),
      ],
    });
    expect(ecs.actions()).toEqual(['ModifyInstanceAttribute']);
  });

  it('throttling and a signature refusal stay GraphQL errors; a 5xx, which may follow acting, is reconciled', async () => {
    for (const [code, status] of [
      ['Throttling.User', 400],
      ['SignatureDoesNotMatch', 400],
    ] as const) {
      const { gateway, ecs } = instanceGateway();
      ecs.failWhen(ModifyInstanceAttribute, () => true, new FakeEcsError(code, `${code} happened.`, status));
      const result = await execute(gateway, RENAME, { id: 'i-1', name: 'web-a' });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code, httpStatus: status });
      expect(result.data).toBeNull();
    }
    const { gateway, ecs } = instanceGateway();
    ecs.failWhen(
      ModifyInstanceAttribute,
      () => true,
      new FakeEcsError('ServiceUnavailable', 'ServiceUnavailable happened.', 503),
    );
    const result = await execute(gateway, RENAME, { id: 'i-1', name: 'web-a' });
    expect(result.data).toEqual({
      rename: {
        __typename: 'OutcomeUnknownError',
        code: 'ServiceUnavailable',
        action: 'ModifyInstanceAttribute',
        resourceIds: ['i-1'],
      },
    });
  });

  it('a bug is masked as Unexpected error.', async () => {
    const { gateway, ecs, logger } = instanceGateway();
    ecs.failWhen(ModifyInstanceAttribute, () => true, new Error('the code is wrong at line 3'));
    const result = await execute(gateway, RENAME, { id: 'i-1', name: 'web-a' });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ]);
    expect(logger.lines.join('\n')).toContain('the code is wrong at line 3');
  });

  it('an undocumented refusal of a kind the union does not list answers as EcsBusinessError', async () => {
    const { gateway, ecs } = regionGateway();
    ecs.failWhen(
      DeleteSnapshot,
      () => true,
      new FakeEcsError('InvalidSnapshotId.NotFound', 'The specified snapshot does not exist.', 404, 'REQ-1'),
    );
    const result = await execute(
      gateway,
      `mutation { deleteSnapshot(input: { snapshotId: "s-1" }) {
        __typename ... on EcsActionError { code requestId httpStatus message }
      } }`,
    );
    expect(result).toEqual({
      data: {
        deleteSnapshot: {
          __typename: 'EcsBusinessError',
          code: 'InvalidSnapshotId.NotFound',
          requestId: 'REQ-1',
          httpStatus: 404,
          message: 'The specified snapshot does not exist.',
        },
      },
    });
  });

  it('passes a clientToken given as the call token and the region as the call region', async () => {
    const calls: unknown[] = [];
    const ecs = new FakeEcs();
    const { gateway } = regionGateway({
      ecs: {
        call: (action, input, options) => {
          calls.push({ action: action.name, input, options });
          return ecs.call(action, input);
        },
      },
    });
    ecs.on(DeleteSnapshot, () => ({}));
    await execute(
      gateway,
      'mutation { deleteSnapshot(input: { snapshotId: "s-1", regionId: "cn-shanghai" }) { __typename } }',
    );
    expect(calls).toEqual([
      {
        action: 'DeleteSnapshot',
        input: { SnapshotId: 's-1' },
        options: { regionId: 'cn-shanghai', flow: expect.any(String), onEnd: expect.any(Function) },
      },
    ]);
  });

  it('sends forceStop as ForceStop on StopInstance and RebootInstance', async () => {
    const { gateway, ecs } = instanceGateway();
    ecs.on(StopInstance, () => ({})).on(RebootInstance, () => ({}));
    await execute(
      gateway,
      `mutation {
        stopInstance(input: { instanceId: "i-1", forceStop: true }) { __typename }
        rebootInstance(input: { instanceId: "i-1", forceStop: false }) { __typename }
      }`,
    );
    expect(ecs.calls.filter((call) => call.action !== 'DescribeInstances')).toEqual([
      { action: 'StopInstance', input: { InstanceId: 'i-1', ForceStop: true } },
      { action: 'RebootInstance', input: { InstanceId: 'i-1', ForceStop: false } },
    ]);
  });

  it('sends a clientToken given through the call options, never twice', async () => {
    const calls: unknown[] = [];
    const ecs = new FakeEcs()
      .on(CreateSnapshot, () => ({ SnapshotId: 's-new' }))
      .answer(
        DescribeSnapshots,
        listingAnswer([{ SnapshotId: 's-new', RegionId: 'cn-hangzhou' }], {
          list: 'Snapshots',
          idsParam: 'SnapshotIds',
          idOf: (snapshot) => snapshot.SnapshotId,
          filters: {},
        }),
      );
    const { gateway } = regionGateway({
      ecs: {
        call: (action, input, options) => {
          calls.push({ action: action.name, input, options });
          return ecs.call(action, input);
        },
      },
    });
    const result = await execute(
      gateway,
      'mutation { createSnapshot(input: { diskId: "d-1", clientToken: "tok-1" }) { ... on CreateSnapshotPayload { snapshot { id } } } }',
    );
    expect(result).toEqual({ data: { createSnapshot: { snapshot: { id: 's-new' } } } });
    expect(calls[0]).toEqual({
      action: 'CreateSnapshot',
      input: { DiskId: 'd-1' },
      options: {
        regionId: 'cn-hangzhou',
        clientToken: 'tok-1',
        flow: expect.any(String),
        onEnd: expect.any(Function),
      },
    });
  });
});
