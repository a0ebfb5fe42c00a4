import { type EipItem, eipLoader } from '../../loaders/eips.js';
import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import type { AnyAction } from '../../spec/action.js';
import {
  AllocateEipAddress,
  AssociateEipAddress,
  ModifyEipAddressAttribute,
  ReleaseEipAddress,
  UnassociateEipAddress,
} from '../../spec/actions/eips.js';
import { AllocatePublicIpAddress, ModifyInstanceNetworkSpec } from '../../spec/actions/network.js';
import { EipRef } from '../eip.js';
import { InstanceRef } from '../instance.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone, type PayloadFieldBuilder } from './define-mutation.js';
import { payloadShows, showsAttributes } from './evidence.js';
import { noEvidence } from './lost-answer.js';

/** The EIP described afresh: Loaders.forget() has emptied the request's EIP loader before the read step. */
function describeEip(done: MutationDone<AnyAction>, id: string | undefined): Promise<EipItem | null> {
  return id ? eipLoader(done.context).load({ regionId: done.regionId, id }) : Promise.resolve(null);
}

interface EipPayload {
  readonly eip: EipItem | null;
}

function eipField<P extends EipPayload>(t: PayloadFieldBuilder<P>) {
  return t.field({
    type: EipRef,
    nullable: true,
    description: 'The EIP as ECS describes it after the action; null if ECS no longer lists it.',
    resolve: (payload) => payload.eip,
  });
}

defineMutation<typeof AllocateEipAddress, EipPayload>({
  name: 'allocateEip',
  action: AllocateEipAddress,
  payload: {
    description: 'The EIP allocated: Available, bound to nothing; bind it with associateEip.',
    fields: (t) => ({ eip: eipField(t) }),
  },
  read: async (done) => ({ eip: await describeEip(done, done.result?.AllocationId) }),
  afterLostAnswer: noEvidence('the new EIP’s allocation id was in the lost answer'),
});

defineMutation<typeof ModifyEipAddressAttribute, EipPayload>({
  name: 'modifyEip',
  action: ModifyEipAddressAttribute,
  payload: { description: 'The EIP with its new bandwidth limit.', fields: (t) => ({ eip: eipField(t) }) },
  read: async (done) => ({ eip: await describeEip(done, done.input.AllocationId) }),
  afterLostAnswer: payloadShows(
    async (done) => ({ eip: await describeEip(done, done.input.AllocationId) }),
    'the EIP has the bandwidth given',
    ({ eip }, done) => eip?.Bandwidth === done.input.Bandwidth,
  ),
});

defineMutation({
  name: 'releaseEip',
  action: ReleaseEipAddress,
  ...deletedResource(ReleaseEipAddress, {
    field: 'allocationId',
    description: 'The EIP released; the account no longer holds its address.',
    id: (done) => done.input.AllocationId,
    lookUp: (done, id) => describeEip(done, id),
  }),
});

/** An EIP and the instance it is bound to or unbound from, both described after the action. */
interface EipAndInstance extends EipPayload {
  readonly instance: InstanceItem | null;
}

type Binding = typeof AssociateEipAddress | typeof UnassociateEipAddress;

function eipAndInstance(
  description: string,
  evidence: { readonly shows: string; readonly holds: (eip: EipItem, instanceId: string) => boolean },
) {
  const read = async (done: MutationDone<Binding>): Promise<EipAndInstance> => {
    const [eip, instance] = await Promise.all([
      describeEip(done, done.input.AllocationId),
      describeAfter(done.context, instanceListing, done.regionId, done.input.InstanceId),
    ]);
    return { eip, instance };
  };
  return {
    payload: {
      description,
      fields: (t: PayloadFieldBuilder<EipAndInstance>) => ({
        eip: eipField(t),
        instance: t.field({
          type: InstanceRef,
          nullable: true,
          description:
            'The instance as ECS describes it after the action (its eipAddress and eip show the binding).',
          resolve: (payload) => payload.instance,
        }),
      }),
    },
    read,
    // The EIP and the instance.
    reads: { fixed: 2 },
    afterLostAnswer: payloadShows(
      read,
      evidence.shows,
      (payload, done) => payload.eip !== null && evidence.holds(payload.eip, done.input.InstanceId),
    ),
  };
}

defineMutation({
  name: 'associateEip',
  action: AssociateEipAddress,
  ...eipAndInstance('The EIP, Associating until it is InUse, and the instance it is bound to.', {
    shows: 'the EIP is bound to the instance (Associating or InUse)',
    holds: (eip, instanceId) =>
      eip.InstanceId === instanceId && (eip.Status === 'Associating' || eip.Status === 'InUse'),
  }),
});

defineMutation({
  name: 'unassociateEip',
  action: UnassociateEipAddress,
  ...eipAndInstance('The EIP, Unassociating until it is Available, and the instance it was bound to.', {
    shows: 'the EIP is Unassociating from the instance or Available',
    holds: (eip, instanceId) =>
      (eip.Status === 'Unassociating' && eip.InstanceId === instanceId) || eip.Status === 'Available',
  }),
});

function theInstance<A extends typeof AllocatePublicIpAddress | typeof ModifyInstanceNetworkSpec>(
  _action: A, // names A for inference
  description: string,
  holds: { readonly shows: string; readonly holds: (item: InstanceItem, done: MutationDone<A>) => boolean },
) {
  return affectedResource<A, typeof instanceListing.action, InstanceItem>({
    field: 'instance',
    type: InstanceRef,
    listing: instanceListing,
    description,
    id: (done) => (done.input as { readonly InstanceId?: string }).InstanceId,
    afterLostAnswer: holds,
  });
}

defineMutation({
  name: 'allocatePublicIpAddress',
  action: AllocatePublicIpAddress,
  ...theInstance(
    AllocatePublicIpAddress,
    'The instance with its public address (publicIpAddresses), effective from its next start.',
    {
      shows: 'the instance has a public address (the one asked for, when one was)',
      holds: (instance, done) =>
        done.input.IpAddress
          ? (instance.PublicIpAddress ?? []).includes(done.input.IpAddress)
          : (instance.PublicIpAddress ?? []).length > 0,
    },
  ),
});

defineMutation({
  name: 'modifyInstanceNetworkSpec',
  action: ModifyInstanceNetworkSpec,
  ...theInstance(ModifyInstanceNetworkSpec, 'The instance with its new bandwidth limits.', {
    shows: 'the instance has the bandwidth limits given',
    holds: (instance, done) =>
      showsAttributes(instance, done.input, {
        InstanceId: () => true,
        InternetMaxBandwidthOut: 'InternetMaxBandwidthOut',
        InternetMaxBandwidthIn: 'InternetMaxBandwidthIn',
      }),
  }),
});
