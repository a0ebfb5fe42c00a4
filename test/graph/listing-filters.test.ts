import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { autoSnapshotPolicyFilters } from '../../src/schema/auto-snapshot-policy.js';
import { diskFilters } from '../../src/schema/disk.js';
import { definedOnly, filterProblems, tagsInput } from '../../src/schema/filters.js';
import { imageFilters } from '../../src/schema/image.js';
import { instanceFilters } from '../../src/schema/instance.js';
import { instanceStatusFilters } from '../../src/schema/instance-status.js';
import { defineListingFilter, type FilterValues } from '../../src/schema/listing-filter.js';
import { securityGroupFilters } from '../../src/schema/security-group.js';
import { snapshotFilters } from '../../src/schema/snapshot.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import type { Params } from '../../src/spec/params.js';

// What each listing's filter mapped to before it was derived from the declarations:
// the hand-written toInput and fieldOf, kept here as the reference the derivation must equal.
// biome-ignore lint/suspicious/noExplicitAny: the reference takes any filter, as GraphQL hands it over.
type F = any;
const id = (value: unknown) => (value == null ? undefined : String(value));
const ids = (value: unknown) => (value as unknown[] | null | undefined)?.map(String);
const REFERENCE = {
  instances: {
    derived: instanceFilters,
    toInput: (f: F) =>
      definedOnly({
        InstanceIds: ids(f.ids),
        ZoneId: id(f.zoneId),
        VpcId: id(f.vpcId),
        VSwitchId: id(f.vSwitchId),
        InstanceNetworkType: f.instanceNetworkType,
        PrivateIpAddresses: f.privateIpAddresses,
        InnerIpAddresses: f.innerIpAddresses,
        PublicIpAddresses: f.publicIpAddresses,
        SecurityGroupId: id(f.securityGroupId),
        InstanceType: f.instanceType,
        InstanceTypeFamily: f.instanceTypeFamily,
        InstanceName: f.name,
        ImageId: id(f.imageId),
        Status: f.status,
        InstanceChargeType: f.instanceChargeType,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: {
      InstanceIds: 'ids',
      ZoneId: 'zoneId',
      VpcId: 'vpcId',
      VSwitchId: 'vSwitchId',
      InstanceNetworkType: 'instanceNetworkType',
      PrivateIpAddresses: 'privateIpAddresses',
      InnerIpAddresses: 'innerIpAddresses',
      PublicIpAddresses: 'publicIpAddresses',
      SecurityGroupId: 'securityGroupId',
      InstanceType: 'instanceType',
      InstanceTypeFamily: 'instanceTypeFamily',
      InstanceName: 'name',
      ImageId: 'imageId',
      Status: 'status',
      InstanceChargeType: 'instanceChargeType',
      ResourceGroupId: 'resourceGroupId',
      Tag: 'tags',
    },
    enums: ['instanceNetworkType', 'status', 'instanceChargeType'],
  },
  disks: {
    derived: diskFilters,
    toInput: (f: F) =>
      definedOnly({
        DiskIds: ids(f.ids),
        ZoneId: id(f.zoneId),
        InstanceId: id(f.instanceId),
        DiskType: f.type,
        Category: f.category,
        Status: f.status,
        SnapshotId: id(f.sourceSnapshotId),
        DiskName: f.name,
        Portable: f.portable,
        DeleteWithInstance: f.deleteWithInstance,
        DeleteAutoSnapshot: f.deleteAutoSnapshot,
        EnableAutoSnapshot: f.enableAutoSnapshot,
        AutoSnapshotPolicyId: id(f.autoSnapshotPolicyId),
        Encrypted: f.encrypted,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: {
      DiskIds: 'ids',
      ZoneId: 'zoneId',
      InstanceId: 'instanceId',
      DiskType: 'type',
      Category: 'category',
      Status: 'status',
      SnapshotId: 'sourceSnapshotId',
      DiskName: 'name',
      Portable: 'portable',
      DeleteWithInstance: 'deleteWithInstance',
      DeleteAutoSnapshot: 'deleteAutoSnapshot',
      EnableAutoSnapshot: 'enableAutoSnapshot',
      AutoSnapshotPolicyId: 'autoSnapshotPolicyId',
      Encrypted: 'encrypted',
      ResourceGroupId: 'resourceGroupId',
      Tag: 'tags',
    },
    enums: ['type', 'category', 'status'],
  },
  snapshots: {
    derived: snapshotFilters,
    toInput: (f: F) =>
      definedOnly({
        SnapshotIds: ids(f.ids),
        InstanceId: id(f.instanceId),
        DiskId: id(f.diskId),
        SnapshotName: f.name,
        Status: f.status,
        SnapshotType: f.snapshotType,
        SourceDiskType: f.sourceDiskType,
        Usage: f.usage,
        Category: f.category,
        Encrypted: f.encrypted,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: {
      SnapshotIds: 'ids',
      InstanceId: 'instanceId',
      DiskId: 'diskId',
      SnapshotName: 'name',
      Status: 'status',
      SnapshotType: 'snapshotType',
      SourceDiskType: 'sourceDiskType',
      Usage: 'usage',
      Category: 'category',
      Encrypted: 'encrypted',
      ResourceGroupId: 'resourceGroupId',
      Tag: 'tags',
    },
    enums: ['status', 'snapshotType', 'sourceDiskType', 'usage', 'category'],
  },
  images: {
    derived: imageFilters,
    toInput: (f: F) =>
      definedOnly({
        ImageId: ids(f.ids)?.join(','),
        SnapshotId: id(f.snapshotId),
        ImageName: f.name,
        ImageOwnerAlias: f.ownerAlias,
        Status: f.statuses?.join(','),
        OSType: f.osType,
        Architecture: f.architecture,
        InstanceType: f.instanceType,
        Usage: f.usage,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: {
      ImageId: 'ids',
      SnapshotId: 'snapshotId',
      ImageName: 'name',
      ImageOwnerAlias: 'ownerAlias',
      Status: 'statuses',
      OSType: 'osType',
      Architecture: 'architecture',
      InstanceType: 'instanceType',
      Usage: 'usage',
      ResourceGroupId: 'resourceGroupId',
      Tag: 'tags',
    },
    enums: ['ownerAlias', 'osType', 'architecture', 'usage'],
  },
  securityGroups: {
    derived: securityGroupFilters,
    toInput: (f: F) =>
      definedOnly({
        SecurityGroupIds: ids(f.ids),
        VpcId: id(f.vpcId),
        SecurityGroupName: f.name,
        NetworkType: f.networkType,
        SecurityGroupType: f.type,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: {
      SecurityGroupIds: 'ids',
      VpcId: 'vpcId',
      SecurityGroupName: 'name',
      NetworkType: 'networkType',
      SecurityGroupType: 'type',
      ResourceGroupId: 'resourceGroupId',
      Tag: 'tags',
    },
    enums: ['type'],
  },
  autoSnapshotPolicies: {
    derived: autoSnapshotPolicyFilters,
    toInput: (f: F) =>
      definedOnly({
        AutoSnapshotPolicyName: f.name,
        ResourceGroupId: id(f.resourceGroupId),
        Tag: tagsInput(f.tags),
      }),
    fieldOf: { AutoSnapshotPolicyName: 'name', ResourceGroupId: 'resourceGroupId', Tag: 'tags' },
    enums: [],
  },
} as const;

/** A value for every field of a filter, by the field's GraphQL type, so every wire parameter is set. */
function fullFilter(
  fieldOf: Readonly<Record<string, string>>,
  derived: typeof instanceFilters,
): FilterValues {
  const fields = derived.type;
  expect(fields.name).toMatch(/Filter$/);
  const filter: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(fieldOf)) {
    if (field === 'tags')
      filter[field] = [
        { key: 'env', value: 'prod' },
        { key: 'team', value: null },
      ];
    else if (field === 'ids') filter[field] = ['x-1', 'x-2'];
    else if (field === 'statuses') filter[field] = ['Available', 'Deprecated'];
    else if (/Addresses$/.test(field)) filter[field] = ['10.0.0.1', '10.0.0.2'];
    else if ((derived.mapping.action.params as Params)[param]?.kind === 'bool') filter[field] = false;
    else filter[field] = `${param}-value`;
  }
  return filter;
}

describe('listing filters derived from the declarations', () => {
  for (const [listing, reference] of Object.entries(REFERENCE)) {
    describe(listing, () => {
      const { derived } = reference;
      it('names the same wire parameter for every field, and checks the same enums', () => {
        expect(derived.mapping.fieldOf).toEqual(reference.fieldOf);
        expect(Object.keys(derived.mapping.enums ?? {})).toEqual(reference.enums);
      });
      it('maps a full filter, each field alone and nulls to exactly the parameters the hand-written mapping did', () => {
        const full = fullFilter(reference.fieldOf, derived as typeof instanceFilters);
        const wire = derived.mapping.toInput(full);
        expect(wire).toEqual(reference.toInput(full));
        expect(Object.keys(wire)).toEqual(Object.keys(reference.fieldOf));
        for (const [field, value] of Object.entries(full)) {
          expect(derived.mapping.toInput({ [field]: value })).toEqual(reference.toInput({ [field]: value }));
          expect(derived.mapping.toInput({ [field]: null })).toEqual({});
        }
        expect(derived.mapping.toInput({})).toEqual({});
      });
      it('takes the field’s cost and check on the list field', () => {
        // A listing whose action pages by NextToken bounds `all` by its MaxResults under current.
        const tokenItems = derived.mapping.action.page?.tokens?.maxResults;
        expect(derived.extensions.upstreamCost).toEqual({
          calls: 'page',
          items: 'page',
          ...(tokenItems === undefined ? {} : { tokenItems }),
        });
        expect(
          Object.fromEntries(
            Object.entries(REFERENCE).map(([name, { derived: other }]) => [
              name,
              (other.extensions.upstreamCost as { tokenItems?: number }).tokenItems,
            ]),
          ),
        ).toMatchObject({ instances: 100, disks: 500, snapshots: 100 });
        expect(typeof derived.extensions.argumentCheck).toBe('function');
      });
    });
  }

  it('sends an instance filter’s values in the declared wire shapes', () => {
    expect(
      instanceFilters.mapping.toInput({
        ids: ['i-1', 'i-2'],
        zoneId: 'cn-hangzhou-b',
        status: 'Running',
        privateIpAddresses: ['172.16.0.1'],
        tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
        vpcId: null,
      }),
    ).toEqual({
      InstanceIds: ['i-1', 'i-2'],
      ZoneId: 'cn-hangzhou-b',
      PrivateIpAddresses: ['172.16.0.1'],
      Status: 'Running',
      Tag: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }],
    });
    expect(
      imageFilters.mapping.toInput({ ids: ['m-1', 'm-2'], statuses: ['Available', 'Deprecated'] }),
    ).toEqual({
      ImageId: 'm-1,m-2',
      Status: 'Available,Deprecated',
    });
    expect(instanceStatusFilters.mapping.toInput({ zoneId: 'cn-hangzhou-b' })).toEqual({
      ZoneId: 'cn-hangzhou-b',
    });
  });

  it('names a broken rule by the filter field, the declared rules and the joined lists’ own', () => {
    const messages = (errors: readonly GraphQLError[]) => errors.map((error) => error.message);
    const limits = API_LIMITS['2014'];
    const elevenIds = Array.from({ length: 11 }, (_, index) => `i-${index}`);
    expect(
      messages(
        filterProblems(
          instanceFilters.mapping,
          { ids: elevenIds, tags: [{ key: 'a' }, { key: 'a' }] },
          limits,
          'instances(filter)',
        ),
      ),
    ).toEqual([
      `Argument instances(filter).ids must be at most 10 ids; got ${JSON.stringify(elevenIds)}.`,
      expect.stringMatching(/^Argument instances\(filter\)\.tags\[1\]\.key /),
    ]);
    expect(
      messages(
        filterProblems(imageFilters.mapping, { ids: elevenIds, statuses: [] }, limits, 'images(filter)'),
      ),
    ).toEqual([
      'Argument images(filter).ids must hold 1 to 10 ids; got 11.',
      'Argument images(filter).statuses must hold at least 1 status; got 0.',
    ]);
    expect(
      messages(filterProblems(imageFilters.mapping, { statuses: ['#unknown'] }, limits, 'images(filter)')),
    ).toEqual(['Argument images(filter).statuses must be documented values, not UNKNOWN; got "UNKNOWN".']);
    expect(
      messages(filterProblems(diskFilters.mapping, { status: '#unknown' }, limits, 'disks(filter)')),
    ).toEqual(['Argument disks(filter).status must be a documented value, not UNKNOWN; got "UNKNOWN".']);
  });

  it('refuses a table line the declaration cannot back, at load time', () => {
    expect(() =>
      defineListingFilter(DescribeInstances, {
        name: 'BrokenFilter',
        description: 'x',
        // @ts-expect-error: DescribeInstances takes no DiskIds.
        fields: { ids: 'DiskIds' },
      }),
    ).toThrow('BrokenFilter.ids: DescribeInstances takes no DiskIds parameter.');
    expect(() =>
      defineListingFilter(DescribeInstances, {
        name: 'BrokenFilter',
        description: 'x',
        fields: { ids: { param: 'InstanceIds', joined: { separator: ',', noun: 'id' } } },
      }),
    ).toThrow('BrokenFilter.ids: InstanceIds is not a string to join a list into.');
  });
});
