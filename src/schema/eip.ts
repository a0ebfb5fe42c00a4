import { type EipItem, eipListing, eipLoader } from '../loaders/eips.js';
import { instanceListing } from '../loaders/instances.js';
import { DescribeEipAddresses } from '../spec/actions/eips.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstanceRef, InternetChargeType } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { operationLocksField } from './operation-lock.js';
import { listingScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pageObject } from './pagination.js';
import { regionIdArgument, requestedRegion } from './region-argument.js';
import { nonEmpty, optionalText } from './wire-values.js';

export const EipStatus = defineOpenEnum('EipStatus', {
  description: 'The state of an elastic IP address (Status of EipAddressSetType).',
  values: {
    Associating: 'being bound to an instance; InUse within seconds',
    InUse: 'bound to an instance',
    Unassociating: 'being unbound from its instance; Available within seconds',
    Available: 'bound to nothing: it can be bound or released',
  },
});

/** The Eip type: exported so that other domains can add fields to it (its monitoring data). */
export const EipRef = builder.objectRef<EipItem>('Eip');

EipRef.implement({
  description:
    'An elastic IP address (DescribeEipAddresses, EipAddressSetType): a public address allocated on its own, which can be bound to one VPC instance of its region at a time.',
  fields: (t) => ({
    id: t.id({
      description: 'The allocation ID of the EIP (AllocationId), such as eip-2578g5v5a.',
      resolve: (eip) => present(eip.AllocationId, 'AllocationId of an EIP'),
    }),
    ipAddress: t.string({
      nullable: true,
      description: 'The public address itself (IpAddress).',
      resolve: (eip) => optionalText(eip.IpAddress),
    }),
    regionId: t.id({
      nullable: true,
      description: 'The region of the EIP (RegionId).',
      resolve: (eip) => optionalText(eip.RegionId),
    }),
    ...openEnumFields(t, 'status', EipStatus, {
      description: 'Whether the EIP is bound (Status): Associating, InUse, Unassociating or Available.',
      read: (eip) => nonEmpty(eip.Status),
    }),
    instanceId: t.id({
      nullable: true,
      description: 'The instance the EIP is bound to (InstanceId); null when none.',
      resolve: (eip) => optionalText(eip.InstanceId),
    }),
    bandwidth: t.int({
      nullable: true,
      description:
        'The bandwidth limit of the EIP in Mbit/s (Bandwidth, which ECS writes as a string); 5 by default.',
      resolve: (eip) => {
        const text = optionalText(eip.Bandwidth);
        return text !== null && /^\d+$/.test(text) ? Number(text) : null;
      },
    }),
    ...openEnumFields(t, 'internetChargeType', InternetChargeType, {
      description: 'How the EIP is billed (InternetChargeType).',
      read: (eip) => nonEmpty(eip.InternetChargeType),
    }),
    operationLocks: operationLocksField(t, 'EIP', (eip) => eip.OperationLocks ?? []),
    allocationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the EIP was allocated (AllocationTime), in UTC.',
      resolve: (eip) => optionalText(eip.AllocationTime),
    }),
    instance: t.field({
      type: InstanceRef,
      nullable: true,
      description:
        'The instance the EIP is bound to (InstanceId), looked up with the other instances of the answer (DescribeInstances by InstanceIds). Null when none is, or, with an error at this path, when ECS fails to describe it.',
      extensions: upstreamCost({ calls: 'byId' }),
      resolve: (eip, _args, { loaders }) => {
        const instanceId = optionalText(eip.InstanceId);
        const regionId = optionalText(eip.RegionId);
        return instanceId && regionId
          ? loaders.byId(instanceListing).load({ regionId, id: instanceId })
          : null;
      },
    }),
  }),
});

const EipPage = pageObject('Eip', EipRef, 'A page of elastic IP addresses, oldest first as ECS lists them.');

export const eipFilters = defineListingFilter(DescribeEipAddresses, {
  name: 'EipFilter',
  description:
    'Which elastic IP addresses to list (the filters of DescribeEipAddresses, which intersect); all when empty.',
  fields: {
    status: { param: 'Status', type: EipStatus, description: 'Only EIPs in this state (Status).' },
    ipAddress: { param: 'EipAddress', description: 'Only the EIP with this address (EipAddress).' },
    allocationId: {
      param: 'AllocationId',
      description: 'Only the EIP with this allocation ID (AllocationId).',
    },
  },
});

builder.queryFields((t) => ({
  eip: t.field({
    type: EipRef,
    nullable: true,
    description:
      'One elastic IP address by allocation ID (DescribeEipAddresses); null when the region holds no such EIP.',
    args: {
      id: t.arg.id({ required: true, description: 'The allocation ID of the EIP (AllocationId).' }),
      regionId: regionIdArgument(t),
    },
    extensions: upstreamCost({ calls: 'lookup', loader: 'eips' }),
    resolve: (_root, args, context) =>
      eipLoader(context).load({ regionId: requestedRegion(args.regionId, context), id: String(args.id) }),
  }),
  eips: t.field({
    type: EipPage,
    // Nullable so that one region's failure leaves the rest of the answer standing.
    nullable: true,
    description: 'The elastic IP addresses of a region, a page at a time (DescribeEipAddresses).',
    args: {
      regionId: regionIdArgument(t),
      filter: t.arg({ type: eipFilters.type, required: false, description: 'Which EIPs to list.' }),
      page: t.arg(pageArgument),
    },
    extensions: eipFilters.extensions,
    resolve: async (_root, args, context) => {
      const params = args.filter ? eipFilters.mapping.toInput(args.filter) : undefined;
      const regionId = requestedRegion(args.regionId, context);
      const scope = listingScope(context.limits.name, eipListing.name, regionId, params);
      const page = await context.loaders.page(
        eipListing,
        { regionId, filter: params },
        resolvePageRequest(args.page, context, 'eips(page)', scope),
      );
      // Instances ask for their EIP through this loader, so a listed EIP costs them nothing.
      const byId = eipLoader(context);
      for (const eip of page.nodes) byId.prime({ regionId, id: eipListing.idOf(eip) }, eip);
      return withCursorScope(page, scope);
    },
  }),
}));

builder.objectFields(InstanceRef, (t) => ({
  eip: t.field({
    type: EipRef,
    nullable: true,
    description:
      'The elastic IP address bound to the instance (EipAddress.AllocationId), looked up with the other EIPs of the answer (DescribeEipAddresses). Null when none is bound, or, with an error at this path, when ECS fails to list it.',
    extensions: upstreamCost({ calls: 'lookup', loader: 'eips' }),
    resolve: (instance, _args, context) => {
      const allocationId = optionalText(instance.EipAddress?.AllocationId);
      return allocationId === null
        ? null
        : eipLoader(context).load({ regionId: instance.regionId, id: allocationId });
    },
  }),
}));
