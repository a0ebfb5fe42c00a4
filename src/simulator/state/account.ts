import type { AccountState, DiskRecord, InstanceRecord, LockReason, RegionState } from '../store.js';

/**
 * What an account is, apart from its resources: whether it is in arrears, whether its
 * snapshot service is open, and quota overrides. Set through the control API
 * (`PUT /__simulator/account`); the handlers answer the reference's arrears tables from it.
 */

/** Limits a test may lower (or raise) for one account, so a "quota exceeded" code is cheap to reach. */
export interface AccountQuotas {
  /** Manual snapshots a disk may have (CreateSnapshot QuotaExceed.Snapshot). */
  readonly snapshotQuotaPerDisk?: number;
  /** Data disks an instance may have (AttachDisk InstanceDiskLimitExceeded, CreateInstance InstanceDiskNumLimitExceed). */
  readonly dataDisksPerInstance?: number;
  /** Security groups an instance may join (JoinSecurityGroup InstanceSecurityGroupLimitExceeded). */
  readonly securityGroupsPerInstance?: number;
  /** Instances a security group may hold (SecurityGroupInstanceLimitExceed(ed)). */
  readonly instancesPerSecurityGroup?: number;
  /** Security groups over all regions (CreateSecurityGroup QuotaExceed.SecurityGroup). */
  readonly securityGroupsPerAccount?: number;
  /** Automatic snapshot policies per region (AutoSnapshotPolicy.QuotaExceed). */
  readonly autoSnapshotPoliciesPerRegion?: number;
  /** Living PostPaid instances over all regions (CreateInstance QuotaExceed.AfterpayInstance); no limit when unset. */
  readonly afterpayInstancesPerAccount?: number;
  /** Portable (data) disks over all regions (QuotaExceed.PortableCloudDisk); no limit when unset. */
  readonly portableDisksPerAccount?: number;
}

export const QUOTA_NAMES: readonly (keyof AccountQuotas)[] = [
  'snapshotQuotaPerDisk',
  'dataDisksPerInstance',
  'securityGroupsPerInstance',
  'instancesPerSecurityGroup',
  'securityGroupsPerAccount',
  'autoSnapshotPoliciesPerRegion',
  'afterpayInstancesPerAccount',
  'portableDisksPerAccount',
];

export interface AccountSettings {
  /**
   * The account owes money: its pay-as-you-go resources (PostPaid instances, disks) are
   * in arrears, carry a `financial` lock and are refused what the arrears tables refuse.
   */
  inArrears: boolean;
  /** Whether the snapshot service is open (InvalidAccountStatus.SnapshotServiceUnavailable when not). */
  snapshotServiceOpened: boolean;
  quotas: AccountQuotas;
}

export function defaultAccountSettings(): AccountSettings {
  return { inArrears: false, snapshotServiceOpened: true, quotas: {} };
}

/**
 * An instance is in arrears when a `financial` lock was set on it (its subscription
 * expired, or its bill is unpaid), or when it is pay-as-you-go and its account is.
 */
export function instanceInArrears(account: AccountState, instance: InstanceRecord): boolean {
  return (
    instance.operationLocks.includes('financial') ||
    (account.settings.inArrears && instance.instanceChargeType === 'PostPaid')
  );
}

/**
 * A disk is in arrears when its account is (disks are billed by the hour), or when it
 * is attached to an instance whose own `financial` lock says it has expired.
 */
export function diskInArrears(account: AccountState, region: RegionState, disk: DiskRecord): boolean {
  if (account.settings.inArrears) return true;
  const instance = disk.attachment && region.instances.get(disk.attachment.instanceId);
  return instance?.operationLocks.includes('financial') ?? false;
}

/** The OperationLocks an instance shows: those set on it, and `financial` while it is in arrears. */
export function instanceLocks(account: AccountState, instance: InstanceRecord): LockReason[] {
  const locks = [...instance.operationLocks];
  if (instanceInArrears(account, instance) && !locks.includes('financial')) locks.push('financial');
  return locks;
}

/** The OperationLocks a disk shows: `financial` while it is in arrears. */
export function diskLocks(account: AccountState, region: RegionState, disk: DiskRecord): LockReason[] {
  return diskInArrears(account, region, disk) ? ['financial'] : [];
}

/** Portable disks the account holds over all regions: what QuotaExceed.PortableCloudDisk counts. */
export function portableDiskCount(account: AccountState): number {
  let count = 0;
  for (const region of account.regions.values())
    for (const disk of region.disks.values()) if (disk.portable) count++;
  return count;
}

/** PostPaid instances the account holds over all regions: what QuotaExceed.AfterpayInstance counts. */
export function afterpayInstanceCount(account: AccountState): number {
  let count = 0;
  for (const region of account.regions.values())
    for (const instance of region.instances.values()) if (instance.instanceChargeType === 'PostPaid') count++;
  return count;
}
