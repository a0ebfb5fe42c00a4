import type { LockReason } from '../account-settings.js';
import type { AccountState, DiskRecord, InstanceRecord, RegionState } from '../store.js';

/**
 * The arrears of instances and disks as the account's settings and the instances' own
 * locks make them, and the counts the account quotas limit.
 */

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
