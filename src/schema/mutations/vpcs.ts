import type { GatewayContext } from '../../context.js';
import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import { networkLoaders, type VpcItem, type VSwitchItem } from '../../loaders/vpcs.js';
import type { AnyAction } from '../../spec/action.js';
import { ModifyInstanceVpcAttribute } from '../../spec/actions/instance-vpc.js';
import { CreateVpc, DeleteVpc, ModifyVpcAttribute, ModifyVRouterAttribute } from '../../spec/actions/vpcs.js';
import { CreateVSwitch, DeleteVSwitch, ModifyVSwitchAttribute } from '../../spec/actions/vswitches.js';
import { InstanceRef } from '../instance.js';
import { VpcRef, VSwitchRef } from '../vpc.js';
import { VRouterRef, vRouterOf } from '../vrouter.js';
import { affectedResource, deletedResource } from './affected.js';
import { defineMutation, type MutationDone, type PayloadFieldBuilder } from './define-mutation.js';
import { payloadShows, showsAttributes } from './evidence.js';
import { type Evidence, type NoEvidence, noEvidence } from './lost-answer.js';

/** The writes of the network: VPCs, VSwitches and an instance's VSwitch. */

/** The VPC described afresh: the request's caches were dropped before the read step. */
function describeVpc(
  context: GatewayContext,
  regionId: string,
  id: string | undefined,
): Promise<VpcItem | null> {
  if (!id) return Promise.resolve(null);
  return context.loaders
    .own(networkLoaders)
    .vpc.load({ regionId, id })
    .then((item) => item);
}

interface VpcPayload {
  readonly vpc: VpcItem | null;
}

function theVpc<A extends AnyAction>(
  _action: A, // names A for inference
  description: string,
  id: (done: MutationDone<A>) => string | undefined,
  afterLostAnswer:
    | { readonly shows: string; readonly holds: (vpc: VpcItem, done: MutationDone<A>) => boolean }
    | NoEvidence,
) {
  const read = async (done: MutationDone<A>): Promise<VpcPayload> => ({
    vpc: await describeVpc(done.context, done.regionId, id(done)),
  });
  const lost = afterLostAnswer;
  const evidence: Evidence<A, VpcPayload> | NoEvidence =
    'holds' in lost
      ? payloadShows(
          read,
          lost.shows,
          (payload, done) => payload.vpc !== null && lost.holds(payload.vpc, done),
        )
      : lost;
  return {
    payload: {
      description,
      fields: (t: PayloadFieldBuilder<VpcPayload>) => ({
        vpc: t.field({
          type: VpcRef,
          nullable: true,
          description: 'The VPC as ECS describes it after the action.',
          resolve: (payload) => payload.vpc,
        }),
      }),
    },
    read,
    afterLostAnswer: evidence,
  };
}

defineMutation({
  name: 'createVpc',
  action: CreateVpc,
  ...theVpc(
    CreateVpc,
    'The VPC created with its VRouter and route table; Pending for a moment, then Available.',
    (done) => done.result?.VpcId,
    noEvidence('the new VPC’s id was in the lost answer'),
  ),
});

defineMutation({
  name: 'modifyVpc',
  action: ModifyVpcAttribute,
  ...theVpc(ModifyVpcAttribute, 'The VPC with its new name or description.', (done) => done.input.VpcId, {
    shows: 'the VPC has every value given',
    holds: (vpc, done) =>
      showsAttributes(vpc, done.input, { VpcId: 'VpcId', VpcName: 'VpcName', Description: 'Description' }),
  }),
});

defineMutation({
  name: 'deleteVpc',
  action: DeleteVpc,
  ...deletedResource(DeleteVpc, {
    field: 'vpcId',
    description: 'The VPC deleted, with its VRouter and route table.',
    id: (done) => done.input.VpcId,
    lookUp: (done, id) => describeVpc(done.context, done.regionId, id),
  }),
});

type VRouterItemOf = Awaited<ReturnType<typeof vRouterOf>>;

interface VSwitchPayload {
  readonly vSwitch: VSwitchItem | null;
}

defineMutation({
  name: 'createVSwitch',
  action: CreateVSwitch,
  payload: {
    description: 'The VSwitch created; Pending for a moment, then Available.',
    fields: (t: PayloadFieldBuilder<VSwitchPayload>) => ({
      vSwitch: t.field({
        type: VSwitchRef,
        nullable: true,
        description: 'The VSwitch as ECS describes it after the action (from its VPC’s DescribeVSwitches).',
        resolve: (payload) => payload.vSwitch,
      }),
    }),
  },
  read: async (done): Promise<VSwitchPayload> => {
    const id = done.result?.VSwitchId;
    if (!id) return { vSwitch: null };
    const all = await done.context.loaders
      .own(networkLoaders)
      .vSwitchesOfVpc.load({ regionId: done.regionId, id: done.input.VpcId });
    if (all instanceof Error) throw all;
    return { vSwitch: all.find((each) => each.VSwitchId === id) ?? null };
  },
  afterLostAnswer: noEvidence('the new VSwitch’s id was in the lost answer'),
});

defineMutation({
  name: 'modifyInstanceVpcAttribute',
  action: ModifyInstanceVpcAttribute,
  ...affectedResource<typeof ModifyInstanceVpcAttribute, typeof instanceListing.action, InstanceItem>({
    field: 'instance',
    type: InstanceRef,
    listing: instanceListing,
    description: 'The instance in its new VSwitch, at its new private address.',
    id: (done) => done.input.InstanceId,
    afterLostAnswer: {
      shows: 'the instance is in the VSwitch given, at the address given',
      holds: (instance, done) =>
        instance.VpcAttributes?.VSwitchId === done.input.VSwitchId &&
        (done.input.PrivateIpAddress === undefined ||
          (instance.VpcAttributes?.PrivateIpAddress ?? []).includes(done.input.PrivateIpAddress)),
    },
  }),
});

defineMutation({
  name: 'modifyVRouterAttribute',
  action: ModifyVRouterAttribute,
  payload: {
    description: 'The VRouter with its new name or description.',
    fields: (t: PayloadFieldBuilder<{ readonly vRouter: VRouterItemOf }>) => ({
      vRouter: t.field({
        type: VRouterRef,
        nullable: true,
        description: 'The VRouter as ECS describes it after the action (its region’s DescribeVRouters).',
        resolve: (payload) => payload.vRouter,
      }),
    }),
  },
  read: async (done) => ({ vRouter: await vRouterOf(done.context, done.regionId, done.input.VRouterId) }),
  afterLostAnswer: {
    shows: 'the VRouter has every value given',
    check: async (done) => {
      const vRouter = await vRouterOf(done.context, done.regionId, done.input.VRouterId);
      const shown = showsAttributes(vRouter, done.input, {
        VRouterId: 'VRouterId',
        VRouterName: 'VRouterName',
        Description: 'Description',
      });
      return shown ? { vRouter } : undefined;
    },
  },
});

/**
 * The VPC that lists a VSwitch among its VSwitchIds, from the region's one DescribeVpcs:
 * DescribeVSwitches needs the VpcId, which ModifyVSwitchAttribute and DeleteVSwitch do not
 * take, so it is read rather than asked for (an input ECS never checks could name the
 * wrong VPC and answer null for a VSwitch that exists).
 */
async function vpcOfVSwitch(context: GatewayContext, regionId: string, id: string): Promise<VpcItem | null> {
  const vpcs = await context.loaders.own(networkLoaders).vpcsOfRegion.load(regionId);
  if (vpcs instanceof Error) throw vpcs;
  return vpcs.find((vpc) => (vpc.VSwitchIds ?? []).includes(id)) ?? null;
}

/** A VSwitch by id: its VPC from the region's DescribeVpcs, then that VPC's DescribeVSwitches. */
async function describeVSwitch(
  context: GatewayContext,
  regionId: string,
  id: string,
): Promise<VSwitchItem | null> {
  const vpc = await vpcOfVSwitch(context, regionId, id);
  if (!vpc?.VpcId) return null;
  const all = await context.loaders.own(networkLoaders).vSwitchesOfVpc.load({ regionId, id: vpc.VpcId });
  if (all instanceof Error) throw all;
  return all.find((each) => each.VSwitchId === id) ?? null;
}

defineMutation({
  name: 'modifyVSwitchAttribute',
  action: ModifyVSwitchAttribute,
  payload: {
    description: 'The VSwitch with its new name or description.',
    fields: (t: PayloadFieldBuilder<VSwitchPayload>) => ({
      vSwitch: t.field({
        type: VSwitchRef,
        nullable: true,
        description:
          'The VSwitch as ECS describes it after the action: its VPC found in the region’s DescribeVpcs, then that VPC’s DescribeVSwitches.',
        resolve: (payload) => payload.vSwitch,
      }),
    }),
  },
  reads: { fixed: 2 },
  read: async (done) => ({
    vSwitch: await describeVSwitch(done.context, done.regionId, done.input.VSwitchId),
  }),
  afterLostAnswer: {
    shows: 'the VSwitch has every value given',
    check: async (done) => {
      const vSwitch = await describeVSwitch(done.context, done.regionId, done.input.VSwitchId);
      const shown = showsAttributes(vSwitch, done.input, {
        VSwitchId: 'VSwitchId',
        VSwitchName: 'VSwitchName',
        Description: 'Description',
      });
      return shown ? { vSwitch } : undefined;
    },
  },
});

defineMutation({
  name: 'deleteVSwitch',
  action: DeleteVSwitch,
  ...deletedResource(DeleteVSwitch, {
    field: 'vSwitchId',
    description: 'The VSwitch deleted, with its system route entry.',
    id: (done) => done.input.VSwitchId,
    // Gone once no VPC of the region lists it: one DescribeVpcs.
    lookUp: (done, id) => vpcOfVSwitch(done.context, done.regionId, id),
  }),
});
