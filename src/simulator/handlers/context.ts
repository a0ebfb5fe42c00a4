import type { ActionResult, AnyAction } from '../../spec/action.js';
import { DEFAULT_PAGE_SIZE } from '../../spec/limits.js';
import type { SimulatorClock } from '../clock.js';
import type { ResourceKind } from '../ids.js';
import type { PageTokens } from '../page-tokens.js';
import type { AccountState, Tag } from '../store.js';

/** What a handler gets besides its input: the caller's account, the time, the settings. */
export interface DomainContext {
  readonly account: AccountState;
  /**
   * The region the request names (its RegionId, or the common RegionId of an action
   * without one): resources are looked up by id there only, as a regional endpoint
   * sees only its region. Undefined when the request names none: the whole account.
   */
  readonly regionId: string | undefined;
  /** The clock's time when the call began: one instant for the whole call. */
  readonly now: number;
  readonly clock: SimulatorClock;
  readonly rules: DomainRules;
  /**
   * The call is a dry run (DryRun=true on an action that takes it, under today's API):
   * the handler makes every check, then calls passDryRun instead of acting.
   */
  readonly dryRun: boolean;
  /** A new id of the kind, unused in the account. */
  newId(kind: ResourceKind, regionId: string): string;
  /** Whether a snapshot being created fails, as the share of its duration where it does (faults). */
  snapshotFailure(): number | undefined;
  /** Issues and opens the NextToken of token-paged listings. */
  readonly pageTokens: PageTokens;
  /** Every account in use since the last reset: what crosses accounts (image sharing) looks through. */
  accounts(): Iterable<AccountState>;
}

/** The limits the simulator enforces that differ between the 2014 reference and today. */
export interface DomainRules {
  /** Manual snapshots a disk may have (QuotaExceed.Snapshot): 64 in 2014, 256 today. */
  readonly snapshotQuotaPerDisk: number;
  /** Data disks an instance may have (InstanceDiskLimitExceeded): 4 in 2014, 16 today. */
  readonly dataDisksPerInstance: number;
  /** Security groups an instance may join: 5. */
  readonly securityGroupsPerInstance: number;
  /** Instances a security group may hold: 1000 (2014). */
  readonly instancesPerSecurityGroup: number;
  /** Security groups an account may hold over all regions (QuotaExceed.SecurityGroup): 100. */
  readonly securityGroupsPerAccount: number;
  /** Automatic snapshot policies per region: 3 in 2014, 100 today. */
  readonly autoSnapshotPoliciesPerRegion: number;
  /** Living PostPaid instances an account may hold (QuotaExceed.AfterpayInstance); no limit when absent. */
  readonly afterpayInstancesPerAccount?: number | undefined;
  /** Portable disks an account may hold (QuotaExceed.PortableCloudDisk); no limit when absent. */
  readonly portableDisksPerAccount?: number | undefined;
  /** Points a DescribeInstance/DiskMonitorData call may return, (EndTime - StartTime) / Period: 60 in 2014, 400 today. */
  readonly monitorPointsPerCall: number;
  /** Custom images an account may hold in a region (QuotaExceed.Image): 30. */
  readonly imagesPerRegion: number;
  /** Accounts one image may be shared with (QuotaExceed.ShareImageUser): 50. */
  readonly accountsPerSharedImage: number;
  /** Images shared with one account it may receive (QuotaExceed.ShareImage): 30. */
  readonly sharedImagesPerAccount: number;
}

/** A handler's return: the declared response without RequestId, which the protocol layer adds. */
export type Reply<A extends AnyAction> = Omit<ActionResult<A>, 'RequestId'>;

export interface Paging {
  readonly PageNumber?: number | undefined;
  readonly PageSize?: number | undefined;
}

/** One page of a list already filtered and ordered, with the echo fields of every paged Describe*. */
export function paginate<T>(items: readonly T[], paging: Paging) {
  const PageNumber = paging.PageNumber ?? 1;
  const PageSize = paging.PageSize ?? DEFAULT_PAGE_SIZE;
  const start = (PageNumber - 1) * PageSize;
  return { TotalCount: items.length, PageNumber, PageSize, items: items.slice(start, start + PageSize) };
}

/**
 * The stable order of every list: oldest first, ties broken by id, so pages neither
 * skip nor repeat while nothing is created or deleted between them.
 */
export function inCreationOrder<T extends { readonly creationTime: number }>(
  records: Iterable<T>,
  id: (record: T) => string,
): T[] {
  return [...records].sort((a, b) => a.creationTime - b.creationTime || compareText(id(a), id(b)));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An id-list filter: absent matches everything; `[]` is a filter too and matches nothing
 * (the reference: "if DiskIds is an empty JSON array, the filter is effective").
 */
export function inIdList(ids: readonly string[] | undefined, id: string): boolean {
  return ids === undefined || ids.includes(id);
}

/** A scalar filter: absent (or empty) matches everything. */
export function matches<T>(wanted: T | undefined, actual: T): boolean {
  return wanted === undefined || wanted === '' || wanted === actual;
}

/** A Describe* tag filter: the resource carries every given key (with the value, when one is given). */
export function hasTags(
  tags: readonly Tag[],
  wanted: readonly { readonly Key: string; readonly Value?: string | undefined }[] | undefined,
): boolean {
  if (!wanted) return true;
  return wanted.every((tag) =>
    tags.some((own) => own.key === tag.Key && (tag.Value === undefined || own.value === tag.Value)),
  );
}

/** Tags given to a create call, in the record's form. */
export function tagsFrom(
  input: readonly { readonly Key: string; readonly Value?: string | undefined }[] | undefined,
): Tag[] {
  return (input ?? []).map((tag) => ({ key: tag.Key, value: tag.Value ?? '' }));
}
