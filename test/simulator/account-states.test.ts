import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlError } from '../../src/simulator/backend.js';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * Account states through the control API, over HTTP and in process: instance locks and
 * arrears show in the Describe* views and make the documented refusals (code and HTTP
 * status), quota overrides make the quota codes, bad bodies are 400 naming the field.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

type Body = Record<string, unknown> & { Code?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body };
}

async function ok(action: string, params: Record<string, string>): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { status, body } = await ask(action, params);
  return [body.Code, status] as const;
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/__simulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface InstanceView {
  InstanceId: string;
  Status: string;
  InstanceChargeType: string;
  OperationLocks: { LockReason: { LockReason: string }[] };
}

async function instances(): Promise<InstanceView[]> {
  const body = await ok('DescribeInstances', { PageSize: '50' });
  return (body.Instances as { Instance: InstanceView[] }).Instance;
}

async function instanceIn(status: string): Promise<string> {
  const found = (await instances()).find((instance) => instance.Status === status);
  if (!found) throw new Error(`the seed has no ${status} instance`);
  return found.InstanceId;
}

async function shownLocks(instanceId: string): Promise<string[]> {
  const body = await ok('DescribeInstanceAttribute', { InstanceId: instanceId });
  return (body.OperationLocks as { LockReason: { LockReason: string }[] }).LockReason.map(
    (lock) => lock.LockReason,
  );
}

interface DiskView {
  DiskId: string;
  Status: string;
  Portable: boolean;
  InstanceId: string;
  OperationLocks: { OperationLock: { LockReason: string }[] };
}

async function disks(params: Record<string, string> = {}): Promise<DiskView[]> {
  const body = await ok('DescribeDisks', { PageSize: '50', ...params });
  return (body.Disks as { Disk: DiskView[] }).Disk;
}

describe('instance locks over HTTP', () => {
  it('a security lock shows in the views and refuses the operations of the security table until cleared', async () => {
    const running = await instanceIn('Running');
    const set = await control('PUT', `instances/${running}/locks`, { locks: ['security'] });
    expect(set).toEqual({
      status: 200,
      body: { instanceId: running, regionId: REGION, locks: ['security'], operationLocks: ['security'] },
    });
    expect(await shownLocks(running)).toEqual(['security']);
    const listed = (await instances()).find((instance) => instance.InstanceId === running);
    expect(listed?.OperationLocks.LockReason).toEqual([{ LockReason: 'security', LockMsg: '' }]);

    expect(await refused('StopInstance', { InstanceId: running })).toEqual([
      'InstanceLockedForSecurity',
      403,
    ]);
    expect(await refused('RebootInstance', { InstanceId: running })).toEqual([
      'InstanceLockedForSecurity',
      403,
    ]);
    expect(
      await refused('ModifyInstanceAttribute', { InstanceId: running, InstanceName: 'renamed-one' }),
    ).toEqual(['InstanceLockedForSecurity', 403]);
    // Refused, nothing changed: still Running, name untouched.
    const attribute = await ok('DescribeInstanceAttribute', { InstanceId: running });
    expect(attribute.Status).toBe('Running');
    expect(attribute.InstanceName).not.toBe('renamed-one');

    expect(await control('PUT', `instances/${running}/locks`, { locks: [] })).toMatchObject({
      status: 200,
      body: { locks: [], operationLocks: [] },
    });
    expect(await shownLocks(running)).toEqual([]);
    await ok('StopInstance', { InstanceId: running });
  });

  it('a financial lock puts the instance in arrears: StartInstance answers InsufficientBalance', async () => {
    const stopped = await instanceIn('Stopped');
    await control('PUT', `instances/${stopped}/locks`, { locks: ['financial'] });
    expect(await shownLocks(stopped)).toEqual(['financial']);
    expect(await refused('StartInstance', { InstanceId: stopped })).toEqual(['InsufficientBalance', 403]);
    const [system] = await disks({ InstanceId: stopped, DiskType: 'system' });
    // A disk of an expired instance is in arrears too.
    expect(system?.OperationLocks.OperationLock).toEqual([{ LockReason: 'financial' }]);
    expect(await refused('ReInitDisk', { DiskId: system!.DiskId })).toEqual([
      'InstanceExpiredOrInArrears',
      403,
    ]);
    await control('PUT', `instances/${stopped}/locks`, { locks: [] });
    await ok('StartInstance', { InstanceId: stopped });
  });

  it('refuses an unknown instance with 404 and a bad body with 400 naming the field', async () => {
    const running = await instanceIn('Running');
    expect(await control('PUT', 'instances/i-missing/locks', { locks: ['security'] })).toEqual({
      status: 404,
      body: { error: 'No instance i-missing in the simulator.' },
    });
    const bad = [
      [{ locks: ['frozen'] }, 'locks[0]'],
      [{ locks: ['security', 'security'] }, 'locks[1]'],
      [{ locks: 'security' }, 'locks'],
      [{ locks: [], reason: 'x' }, 'reason'],
      [[], 'locks'],
    ] as const;
    for (const [body, field] of bad) {
      const answer = await control('PUT', `instances/${running}/locks`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toContain(`"${field}"`);
    }
    expect((await control('PUT', `instances/${running}/locks`, '{not json')).status).toBe(400);
    expect(await shownLocks(running)).toEqual([]);
    const wrongMethod = await fetch(`${simulator.url}/__simulator/instances/${running}/locks`);
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'PUT']);
  });
});

describe('the account over HTTP', () => {
  it('starts not in arrears, with the snapshot service open and no quota overrides', async () => {
    const { status, body } = await control('GET', 'account');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      accessKeyId: simulator.accessKeyId,
      inArrears: false,
      snapshotServiceOpened: true,
      quotas: {},
    });
    expect(body.limits).toEqual(simulator.domain.rules);
  });

  it('in arrears: PostPaid instances and disks show a financial lock and the arrears table refuses', async () => {
    const stopped = await instanceIn('Stopped');
    const running = await instanceIn('Running');
    expect(await control('PUT', 'account', { inArrears: true })).toMatchObject({
      status: 200,
      body: { inArrears: true },
    });
    expect(await shownLocks(stopped)).toEqual(['financial']);
    for (const disk of await disks())
      expect(disk.OperationLocks.OperationLock).toEqual([{ LockReason: 'financial' }]);

    expect(await refused('StartInstance', { InstanceId: stopped })).toEqual(['InsufficientBalance', 403]);
    // StopInstance is not refused for arrears ("-" in the table).
    await ok('StopInstance', { InstanceId: running });
    const [data] = await disks({ InstanceId: stopped, DiskType: 'data' });
    expect(await refused('CreateSnapshot', { DiskId: data!.DiskId })).toEqual([
      'InvalidAccountStatus.NotEnoughBalance',
      403,
    ]);
    expect(await refused('ResetDisk', { DiskId: data!.DiskId, SnapshotId: 's-any' })).toEqual([
      'InvalidSnapshotId.NotFound',
      404,
    ]);
    expect(await refused('ResizeDisk', { DiskId: data!.DiskId, NewSize: '2000' })).toEqual([
      'InstanceExpiredOrInArrears',
      403,
    ]);

    await control('PUT', 'account', { inArrears: false });
    expect(await shownLocks(stopped)).toEqual([]);
    await ok('StartInstance', { InstanceId: stopped });
  });

  it('a PrePaid instance is not in arrears with its account, but an Available disk is (DiskInArrears)', async () => {
    const groups = await ok('DescribeSecurityGroups', {});
    const [group] = (groups.SecurityGroups as { SecurityGroup: { SecurityGroupId: string }[] }).SecurityGroup;
    const { InstanceId } = await ok('CreateInstance', {
      ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: group!.SecurityGroupId,
      InstanceChargeType: 'PrePaid',
      Period: '1',
    });
    const zone = (await ok('DescribeInstanceAttribute', { InstanceId: String(InstanceId) })).ZoneId;
    const { DiskId } = await ok('CreateDisk', { ZoneId: String(zone), Size: '20' });
    simulator.advance(60_000);
    await control('PUT', 'account', { inArrears: true });
    expect(await shownLocks(String(InstanceId))).toEqual([]);
    expect(await refused('AttachDisk', { InstanceId: String(InstanceId), DiskId: String(DiskId) })).toEqual([
      'DiskInArrears',
      403,
    ]);
    expect((await disks({ DiskIds: JSON.stringify([DiskId]) }))[0]?.Status).toBe('Available');
  });

  it('quota overrides make the quota codes cheap, and null returns to the rule', async () => {
    const running = await instanceIn('Running');
    const [disk] = await disks({ InstanceId: running, DiskType: 'data' });
    const set = await control('PUT', 'account', {
      quotas: { snapshotQuotaPerDisk: 0, portableDisksPerAccount: 0 },
    });
    expect(set.body).toMatchObject({
      quotas: { snapshotQuotaPerDisk: 0, portableDisksPerAccount: 0 },
      limits: { snapshotQuotaPerDisk: 0, portableDisksPerAccount: 0 },
    });
    expect(await refused('CreateSnapshot', { DiskId: disk!.DiskId })).toEqual(['QuotaExceed.Snapshot', 403]);
    expect(await refused('CreateDisk', { ZoneId: 'cn-hangzhou-h', Size: '20' })).toEqual([
      'QuotaExceed.PortableCloudDisk',
      403,
    ]);
    const cleared = await control('PUT', 'account', { quotas: { snapshotQuotaPerDisk: null } });
    expect(cleared.body.quotas).toEqual({ portableDisksPerAccount: 0 });
    await ok('CreateSnapshot', { DiskId: disk!.DiskId });
  });

  it('denied regions, instance types and disk categories refuse what the catalog offers', async () => {
    const [seed] = await instances();
    const launch = {
      ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: (seed as unknown as { SecurityGroupIds: { SecurityGroupId: string[] } })
        .SecurityGroupIds.SecurityGroupId[0]!,
    };
    const set = await control('PUT', 'account', { denied: { instanceTypes: ['ecs.g7.large'] } });
    expect(set.body.denied).toEqual({ regions: [], instanceTypes: ['ecs.g7.large'], diskCategories: [] });
    expect(await refused('CreateInstance', launch)).toEqual(['InvalidInstanceType.ValueUnauthorized', 400]);
    await control('PUT', 'account', { denied: { instanceTypes: [], diskCategories: ['cloud_ssd'] } });
    expect(await refused('CreateInstance', { ...launch, 'SystemDisk.Category': 'cloud_ssd' })).toEqual([
      'InvalidSystemDisk.Category.ValueUnauthorized',
      403,
    ]);
    expect(
      await refused('CreateDisk', { ZoneId: 'cn-hangzhou-h', Size: '20', DiskCategory: 'cloud_ssd' }),
    ).toEqual(['InvalidDiskCategory.ValueUnauthorized', 403]);
    await control('PUT', 'account', { denied: { regions: [REGION] } });
    expect(await refused('CreateInstance', launch)).toEqual(['RegionUnauthorized', 403]);
    await control('PUT', 'account', { denied: { regions: [], diskCategories: [] } });
    await ok('CreateInstance', launch);
    for (const [body, field] of [
      [{ denied: { zones: [] } }, 'denied.zones'],
      [{ denied: { regions: 'cn-hangzhou' } }, 'denied.regions'],
      [{ denied: [] }, 'denied'],
    ] as const) {
      const answer = await control('PUT', 'account', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toContain(`"${field}"`);
    }
  });

  it('the snapshot service closed refuses snapshots and policies', async () => {
    await control('PUT', 'account', { snapshotServiceOpened: false });
    const [disk] = await disks({ DiskType: 'data' });
    expect(await refused('CreateSnapshot', { DiskId: disk!.DiskId })).toEqual([
      'InvalidAccountStatus.SnapshotServiceUnavailable',
      403,
    ]);
    expect(
      await refused('CreateAutoSnapshotPolicy', {
        regionId: REGION,
        timePoints: '["1"]',
        repeatWeekdays: '["1"]',
        retentionDays: '3',
      }),
    ).toEqual(['InvalidAccountStatus.SnapshotServiceUnavailable', 403]);
  });

  it('refuses bad settings with 400 naming the field, changing nothing; reset restores the defaults', async () => {
    const bad = [
      [{ inArrers: true }, 'inArrers'],
      [{ inArrears: 'yes' }, 'inArrears'],
      [{ snapshotServiceOpened: 1 }, 'snapshotServiceOpened'],
      [{ quotas: [] }, 'quotas'],
      [{ quotas: { snapshots: 1 } }, 'quotas.snapshots'],
      [{ quotas: { snapshotQuotaPerDisk: -1 } }, 'quotas.snapshotQuotaPerDisk'],
      [{ inArrears: true, quotas: { snapshotQuotaPerDisk: 1.5 } }, 'quotas.snapshotQuotaPerDisk'],
    ] as const;
    for (const [body, field] of bad) {
      const answer = await control('PUT', 'account', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toContain(`"${field}"`);
    }
    expect((await control('PUT', 'account', 'nope')).status).toBe(400);
    expect((await control('GET', 'account')).body).toMatchObject({ inArrears: false, quotas: {} });

    await control('PUT', 'account', { inArrears: true, quotas: { securityGroupsPerAccount: 0 } });
    await control('POST', 'reset');
    expect((await control('GET', 'account')).body).toMatchObject({ inArrears: false, quotas: {} });
  });
});

describe('account states in process', () => {
  it('sets locks and account states through the Simulator, as the HTTP API does', async () => {
    const running = await instanceIn('Running');
    expect(simulator.setInstanceLocks(running, ['security', 'financial'])).toMatchObject({
      locks: ['security', 'financial'],
    });
    expect(await shownLocks(running)).toEqual(['security', 'financial']);
    expect(await refused('StopInstance', { InstanceId: running })).toEqual([
      'InstanceLockedForSecurity',
      403,
    ]);
    simulator.setInstanceLocks(running, []);

    expect(
      simulator.configureAccount({ inArrears: true, quotas: { instancesPerSecurityGroup: 3 } }),
    ).toMatchObject({
      inArrears: true,
      limits: { instancesPerSecurityGroup: 3 },
    });
    expect(simulator.accountState().inArrears).toBe(true);
    expect(await shownLocks(running)).toEqual(['financial']);
    simulator.configureAccount({ inArrears: false });
    expect(await shownLocks(running)).toEqual([]);
  });

  it('throws ControlError 404 for an unknown instance and 400 for a bad setting', () => {
    const notFound = captured(() => simulator.setInstanceLocks('i-missing', ['security']));
    expect([notFound.httpStatus, notFound.message]).toEqual([404, 'No instance i-missing in the simulator.']);
    const bad = captured(() => simulator.configureAccount({ inArrears: 'no' as unknown as boolean }));
    expect([bad.httpStatus, bad.message]).toEqual([
      400,
      'The field "inArrears" is not valid: true or false.',
    ]);
  });
});

function captured(act: () => unknown): ControlError {
  try {
    act();
  } catch (error) {
    if (error instanceof ControlError) return error;
    throw error;
  }
  throw new Error('expected a ControlError');
}
