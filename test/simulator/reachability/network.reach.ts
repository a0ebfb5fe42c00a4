import { DEFAULT_IMAGE_ID } from '../../../src/simulator/catalog.js';
import { EIP_TRANSITION_MS } from '../../../src/simulator/state/eip.js';
import { EIPS_PER_REGION } from '../../../src/spec/eip-common.js';
import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/**
 * The network actions: public addresses, bandwidth and elastic IPs. States come from the
 * seed (VPC instances, Running and Stopped), new classic and subscription instances, the
 * manual clock (an EIP Associating or Unassociating, an instance Stopping) and the
 * control API (locks and arrears).
 */

async function instanceIn(world: ReachWorld, status: 'Running' | 'Stopped'): Promise<string> {
  const body = await world.ok('DescribeInstances', { Status: status, PageSize: '1' });
  return String((body.Instances as { Instance: { InstanceId: string }[] }).Instance[0]!.InstanceId);
}

/** A seeded Running instance being stopped: Stopping for a few seconds on the manual clock. */
async function stoppingInstance(world: ReachWorld): Promise<string> {
  const id = await instanceIn(world, 'Running');
  await world.ok('StopInstance', { InstanceId: id });
  return id;
}

/** A new instance, given time to settle into Stopped. Classic unless its group is in a VPC. */
async function newInstance(world: ReachWorld, params: Params = {}): Promise<string> {
  const group = String((await world.ok('CreateSecurityGroup', {})).SecurityGroupId);
  const created = await world.ok('CreateInstance', {
    ImageId: DEFAULT_IMAGE_ID,
    InstanceType: 'ecs.g7.large',
    SecurityGroupId: group,
    ZoneId: world.zoneId,
    ...params,
  });
  world.advance(60_000);
  return String(created.InstanceId);
}

async function lockedInstance(world: ReachWorld, lock: 'security' | 'financial'): Promise<Params> {
  const id = await instanceIn(world, 'Running');
  await world.control('PUT', `/__simulator/instances/${id}/locks`, { locks: [lock] });
  return { InstanceId: id };
}

async function inArrears(world: ReachWorld): Promise<void> {
  await world.control('PUT', '/__simulator/account', { inArrears: true });
}

async function allocate(world: ReachWorld, params: Params = {}): Promise<string> {
  return String((await world.ok('AllocateEipAddress', params)).AllocationId);
}

/** An EIP bound to a seeded Running instance; InUse once `settle` moves the clock past Associating. */
async function boundEip(world: ReachWorld, settle: boolean) {
  const instanceId = await instanceIn(world, 'Running');
  const allocationId = await allocate(world);
  await world.ok('AssociateEipAddress', { AllocationId: allocationId, InstanceId: instanceId });
  if (settle) world.advance(EIP_TRANSITION_MS);
  return { AllocationId: allocationId, InstanceId: instanceId };
}

export const reach: Reach[] = [
  // AllocatePublicIpAddress
  {
    action: 'AllocatePublicIpAddress',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing' },
  },
  {
    action: 'AllocatePublicIpAddress',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await stoppingInstance(world) }),
  },
  {
    action: 'AllocatePublicIpAddress',
    code: 'InstanceLockedForSecurity',
    params: (world) => lockedInstance(world, 'security'),
  },
  {
    action: 'AllocatePublicIpAddress',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      await inArrears(world);
      return { InstanceId: await instanceIn(world, 'Running') };
    },
  },
  {
    action: 'AllocatePublicIpAddress',
    code: 'IpInUse',
    params: async (world) => {
      const { EipAddress } = await world.ok('AllocateEipAddress', {});
      return { InstanceId: await newInstance(world), IpAddress: String(EipAddress) };
    },
  },
  {
    action: 'AllocatePublicIpAddress',
    code: 'AllocatedAlready',
    params: async (world) => {
      const instanceId = await newInstance(world);
      await world.ok('AllocatePublicIpAddress', { InstanceId: instanceId, IpAddress: '47.1.2.3' });
      return { InstanceId: instanceId, IpAddress: '47.1.2.4' };
    },
  },

  // ModifyInstanceNetworkSpec
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing' },
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
    params: async (world) => ({
      InstanceId: await instanceIn(world, 'Running'),
      InternetMaxBandwidthIn: '201',
    }),
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
    // PayByTraffic takes 1 to 100 out, so 0 is out of its range (PayByBandwidth allows it).
    params: async (world) => ({
      InstanceId: await newInstance(world, {
        InternetChargeType: 'PayByTraffic',
        InternetMaxBandwidthOut: '5',
      }),
      InternetMaxBandwidthOut: '0',
    }),
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await stoppingInstance(world), InternetMaxBandwidthOut: '10' }),
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({
      ...(await lockedInstance(world, 'security')),
      InternetMaxBandwidthOut: '10',
    }),
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => ({
      ...(await lockedInstance(world, 'financial')),
      InternetMaxBandwidthOut: '10',
    }),
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    code: 'ChargeTypeViolation',
    params: async (world) => ({
      InstanceId: await newInstance(world, { InstanceChargeType: 'PrePaid' }),
      InternetMaxBandwidthOut: '10',
    }),
  },

  // AllocateEipAddress
  {
    action: 'AllocateEipAddress',
    code: 'QuotaExceeded.Eip',
    params: async (world) => {
      for (let held = 0; held < EIPS_PER_REGION; held += 1) await allocate(world);
      return {};
    },
  },
  { action: 'AllocateEipAddress', code: 'InvalidRegionId.NotFound', params: { RegionId: 'cn-nowhere' } },
  {
    action: 'AllocateEipAddress',
    code: 'InsufficientBalance',
    params: async (world) => {
      await inArrears(world);
      return {};
    },
  },

  // AssociateEipAddress
  {
    action: 'AssociateEipAddress',
    code: 'InvalidAssociation.Duplicated',
    params: async (world) => {
      const { InstanceId } = await boundEip(world, true);
      return { AllocationId: await allocate(world), InstanceId };
    },
  },
  {
    action: 'AssociateEipAddress',
    code: 'OperationDenied',
    params: async (world) => ({ AllocationId: await allocate(world), InstanceId: await newInstance(world) }),
  },
  {
    action: 'AssociateEipAddress',
    code: 'InvalidParameter.Mismatch',
    params: async (world) => ({
      RegionId: 'cn-shanghai',
      AllocationId: await allocate(world, { RegionId: 'cn-shanghai' }),
      InstanceId: await instanceIn(world, 'Running'),
    }),
  },
  {
    action: 'AssociateEipAddress',
    code: 'IncorrectEipStatus',
    params: async (world) => {
      const { AllocationId } = await boundEip(world, false);
      return { AllocationId, InstanceId: await instanceIn(world, 'Stopped') };
    },
  },
  {
    action: 'AssociateEipAddress',
    code: 'InvalidAllocationId.NotFound',
    params: async (world) => ({
      AllocationId: 'eip-missing',
      InstanceId: await instanceIn(world, 'Running'),
    }),
  },
  {
    action: 'AssociateEipAddress',
    code: 'InvalidInstanId.NotFound',
    params: async (world) => ({ AllocationId: await allocate(world), InstanceId: 'i-missing' }),
  },
  {
    action: 'AssociateEipAddress',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({
      AllocationId: await allocate(world),
      InstanceId: await stoppingInstance(world),
    }),
  },

  // DescribeEipAddresses
  { action: 'DescribeEipAddresses', code: 'Forbidden.RegionNotFound', params: { RegionId: 'cn-nowhere' } },

  // ModifyEipAddressAttribute
  {
    action: 'ModifyEipAddressAttribute',
    code: 'InsufficientBalance',
    params: async (world) => {
      const AllocationId = await allocate(world);
      await inArrears(world);
      return { AllocationId, Bandwidth: '10' };
    },
  },
  {
    action: 'ModifyEipAddressAttribute',
    code: 'InvalidAllocationId.NotFound',
    params: { AllocationId: 'eip-missing', Bandwidth: '10' },
  },

  // UnassociateEipAddress
  {
    action: 'UnassociateEipAddress',
    code: 'IncorrectEipStatus',
    // Still Associating: only an InUse EIP can be unbound.
    params: (world) => boundEip(world, false),
  },
  {
    action: 'UnassociateEipAddress',
    code: 'InvalidAllocationId.NotFound',
    params: async (world) => ({
      AllocationId: 'eip-missing',
      InstanceId: await instanceIn(world, 'Running'),
    }),
  },
  {
    action: 'UnassociateEipAddress',
    code: 'InvalidInstanceId.NotFound',
    params: async (world) => ({
      AllocationId: (await boundEip(world, true)).AllocationId,
      InstanceId: 'i-missing',
    }),
  },
  {
    action: 'UnassociateEipAddress',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const bound = await boundEip(world, true);
      await world.ok('StopInstance', { InstanceId: bound.InstanceId });
      return bound;
    },
  },

  // ReleaseEipAddress
  {
    action: 'ReleaseEipAddress',
    code: 'IncorrectEipStatus',
    params: async (world) => ({ AllocationId: (await boundEip(world, true)).AllocationId }),
  },
  {
    action: 'ReleaseEipAddress',
    code: 'InvalidAllocationId.NotFound',
    params: { AllocationId: 'eip-missing' },
  },
];

export const unreachable: Unreachable[] = [
  {
    action: 'AllocateEipAddress',
    code: 'Forbidden',
    reason: 'every account of the simulator may use EIPs; no control sets an account unauthorized for them',
  },
  {
    action: 'AllocateEipAddress',
    code: 'InsufficientEipCapacity',
    reason:
      'the simulator never runs out of addresses; an account meets its quota (QuotaExceeded.Eip, 20 a region) first',
  },
];
