/**
 * What an account is, apart from its resources: whether it is in arrears, whether its
 * snapshot service is open, and quota overrides; and what the control API answers about
 * them. Plain types with no imports, so the store, the backend seam and the handlers can
 * all name them.
 */

/** Why an instance is locked: `security` (a security lock) or `financial` (arrears, expiry). */
export type LockReason = 'security' | 'financial';

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
  /** What the account may not use, though the catalog offers it. */
  denied: AccountDenials;
}

/**
 * Regions, instance types and disk categories the account is not authorized for:
 * CreateInstance answers RegionUnauthorized, InvalidInstanceType.ValueUnauthorized and
 * InvalidSystemDisk.Category.ValueUnauthorized; CreateDisk InvalidDiskCategory.ValueUnauthorized.
 */
export interface AccountDenials {
  readonly regions: readonly string[];
  readonly instanceTypes: readonly string[];
  readonly diskCategories: readonly string[];
}

export const DENIAL_NAMES: readonly (keyof AccountDenials)[] = ['regions', 'instanceTypes', 'diskCategories'];

export function defaultAccountSettings(): AccountSettings {
  return {
    inArrears: false,
    snapshotServiceOpened: true,
    quotas: {},
    denied: { regions: [], instanceTypes: [], diskCategories: [] },
  };
}

/** What `PUT /__simulator/instances/<id>/locks` answers: the locks set and those the instance shows. */
export interface InstanceLocksView {
  readonly instanceId: string;
  readonly regionId: string;
  /** The locks set on the instance. */
  readonly locks: readonly LockReason[];
  /** What Describe* shows as OperationLocks: the set locks and `financial` while the instance is in arrears. */
  readonly operationLocks: readonly LockReason[];
}

/** What `GET`/`PUT /__simulator/account` answer. */
export interface AccountView {
  readonly accessKeyId: string;
  readonly inArrears: boolean;
  readonly snapshotServiceOpened: boolean;
  /** The overrides set; a quota not named keeps the simulator's rule. */
  readonly quotas: AccountQuotas;
  readonly denied: AccountDenials;
  /** Every limit in force for the account: the rules with the overrides applied. */
  readonly limits: AccountQuotas;
}
