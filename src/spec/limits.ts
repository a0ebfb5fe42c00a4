/**
 * The API's paging and id-filter limits. The 2014-05-26 reference allows PageSize
 * 1..50 and 10 ids per JSON-array filter; today's ECS accepts 100 of each. Every
 * declared parameter refers to these by name, so one setting switches the client,
 * the loaders and the simulator together.
 */
export interface ApiLimits {
  readonly name: ApiLimitsName;
  /** Largest PageSize a Describe* call accepts. */
  readonly pageSize: number;
  /** Most ids in one JSON-array id filter (InstanceIds, DiskIds, SnapshotIds, ...). */
  readonly ids: number;
}

export type ApiLimitsName = '2014' | 'current';

export const API_LIMITS: Readonly<Record<ApiLimitsName, ApiLimits>> = {
  '2014': { name: '2014', pageSize: 50, ids: 10 },
  current: { name: 'current', pageSize: 100, ids: 100 },
};

/**
 * ECS_API_LIMITS when unset. The gateway's configuration and the simulator's settings
 * both default to it, so `npm start` and `npm run simulator` speak one generation
 * unless told otherwise; a test holds the two defaults equal. Today's ECS: about a
 * tenth of the calls for big lists; '2014' stays for endpoints that want its limits.
 */
export const DEFAULT_API_LIMITS: ApiLimitsName = 'current';

/** PageSize when a call does not say: the documented default of every Describe* action. */
export const DEFAULT_PAGE_SIZE = 10;

export type LimitName = 'pageSize' | 'ids';

/**
 * The most manual snapshots of one disk (QuotaExceed.Snapshot past it): 64 in the
 * older CreateSnapshot edition (001), 256 in the 2024 one (004).
 */
export const SNAPSHOTS_PER_DISK: Readonly<Record<ApiLimitsName, number>> = { '2014': 64, current: 256 };
