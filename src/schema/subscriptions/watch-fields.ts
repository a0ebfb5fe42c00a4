import { GraphQLError } from 'graphql';
import { beginEvent, type GatewayContext } from '../../context.js';
import { diskListing } from '../../loaders/disks.js';
import { instanceListing } from '../../loaders/instances.js';
import type { Listing } from '../../loaders/listing.js';
import { snapshotListing } from '../../loaders/snapshots.js';
import type { AnyAction } from '../../spec/action.js';
import { DescribeDisks } from '../../spec/actions/disk-reads.js';
import { DescribeInstances } from '../../spec/actions/instance-reads.js';
import type { ApiLimits } from '../../spec/limits.js';
import type { ItemOf, WatchKind } from '../../watch/pool.js';
import { argumentCheck } from '../argument-checks.js';
import { builder } from '../builder.js';
import { upstreamCost } from '../cost.js';
import { DiskRef, DiskStatus } from '../disk.js';
import type { OpenEnum } from '../enums.js';
import { badUserInput, publicEcsCode, redactSecrets } from '../errors.js';
import { InstanceRef, InstanceStatus } from '../instance.js';
import { SnapshotRef } from '../snapshot.js';
import { type WatchPayload, watchUntil } from './watch-until.js';
import { SUBSCRIPTIONS_CLOSED } from './watching.js';

/** How many times the API's id limit one subscription may watch: the pool chunks them into that many calls a poll. */
export const IDS_PER_ID_LIMIT = 5;

/** The code of an event for an id that no longer exists (or never did). */
export const NOT_FOUND = 'NOT_FOUND';
/** The code of a subscription's last event when GATEWAY_MAX_WATCH_MS ran out. */
export const WATCH_TIMEOUT = 'WATCH_TIMEOUT';
export const SUBSCRIPTIONS_OFF = 'SUBSCRIPTIONS_OFF';
/** The code of a notice that polls keep failing (throttling, 5xx, network) and are retried. */
export const UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE';

/** ECS ids are letters, digits and a few separators (`s-bp1…`, `i-bp6…`); anything else cannot name one. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Every rule the `ids` argument of a subscription breaks, before any call. */
export function watchedIdsProblems(
  ids: readonly string[],
  limits: ApiLimits,
  argument: string,
): GraphQLError[] {
  const max = limits.ids * IDS_PER_ID_LIMIT;
  if (ids.length === 0) return [badUserInput(argument, 'must name at least one id', ids)];
  if (ids.length > max)
    return [
      badUserInput(
        argument,
        `must name at most ${max} ids (${IDS_PER_ID_LIMIT} × the API's id limit of ${limits.ids})`,
        ids,
      ),
    ];
  const problems: GraphQLError[] = [];
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (!ID_PATTERN.test(id))
      problems.push(badUserInput(`${argument}[${index}]`, 'must be an ECS id: letters, digits, - _ . :', id));
    else if (seen.has(id)) problems.push(badUserInput(`${argument}[${index}]`, 'must not repeat an id', id));
    seen.add(id);
  });
  return problems.slice(0, 10);
}

/** The statuses `until` may not name: UNKNOWN is no status ECS reports. */
function untilProblems(until: readonly string[] | null | undefined, status: OpenEnum, argument: string) {
  if (until == null) return [];
  if (until.length === 0)
    return [badUserInput(argument, 'must name at least one status, or be left out', until)];
  return until.some((value) => !status.known.has(value))
    ? [badUserInput(argument, 'must name documented statuses, not UNKNOWN', 'UNKNOWN')]
    : [];
}

interface WatchArgs {
  readonly ids: readonly (string | number)[];
  readonly regionId?: string | number | null | undefined;
  readonly until?: readonly string[] | null | undefined;
}

const idsOf = (args: WatchArgs) => args.ids.map(String);

/**
 * Starts one subscription: admitted under the limits; a region it names checked against
 * the account's (a mistyped region is a BAD_USER_INPUT naming the argument, rather than
 * the ECS refusal of the first poll); then a stream over the pool.
 */
async function subscribe<K extends WatchKind>(
  kind: K,
  field: string,
  args: WatchArgs,
  context: GatewayContext,
  reached: (item: ItemOf<K>) => boolean,
): Promise<AsyncIterable<WatchPayload<ItemOf<K>>>> {
  const { watching } = context;
  if (!watching)
    throw new GraphQLError('Subscriptions are off in this gateway.', {
      extensions: { code: SUBSCRIPTIONS_OFF },
    });
  const release = watching.admit(context.clientAddress);
  const regionId = args.regionId == null ? context.defaultRegionId : String(args.regionId);
  try {
    if (args.regionId != null && (await context.loaders.region(regionId)) === null)
      throw badUserInput(`${field}(regionId)`, 'must be a region of the account (DescribeRegions)', regionId);
  } catch (error) {
    release();
    throw error;
  }
  return watchUntil(watching, kind, regionId, idsOf(args), {
    reached,
    signal: context.signal,
    onEnd: release,
  });
}

/**
 * One event: a fresh scope on the context (loaders that have seen nothing, a budget of
 * its own), primed with the polled item so the object's own fields and any relation
 * back to it cost no call; or the event's error.
 */
function eventItem<A extends AnyAction, Item>(
  kind: WatchKind,
  listing: Listing<A, Item>,
  payload: WatchPayload<Item>,
  context: GatewayContext,
): Item {
  beginEvent(context);
  switch (payload.type) {
    case 'gone':
      throw new GraphQLError(
        `The ${kind} ${payload.id} does not exist in ${payload.regionId}, or no longer does: it is watched no more.`,
        { extensions: { code: NOT_FOUND, kind, id: payload.id, regionId: payload.regionId } },
      );
    case 'timeout':
      throw new GraphQLError(
        `This subscription watched for ${payload.maxWatchMs} ms, the most allowed (GATEWAY_MAX_WATCH_MS); subscribe again to go on.`,
        { extensions: { code: WATCH_TIMEOUT, maxWatchMs: payload.maxWatchMs } },
      );
    case 'error': {
      const { error, ids, regionId } = payload;
      const upstream = publicEcsCode(error.code);
      const message = redactSecrets(error.message);
      const about = {
        kind,
        ids,
        regionId,
        retrying: error.retrying,
        requestId: error.requestId,
        httpStatus: error.httpStatus,
      };
      if (error.retrying)
        throw new GraphQLError(
          `ECS keeps failing to describe the ${kind}s ${ids.join(', ')} (${upstream}: ${message}); the gateway keeps trying, and sends their state once ECS answers.`,
          { extensions: { code: UPSTREAM_UNAVAILABLE, upstreamCode: upstream, ...about } },
        );
      throw new GraphQLError(
        `ECS refused to describe the ${kind}s ${ids.join(', ')} (${upstream}: ${message}): they are watched no more.`,
        { extensions: { code: upstream, ...about } },
      );
    }
    case 'closed':
      throw new GraphQLError(
        'The gateway is shutting down: this subscription ends before its ids are done.',
        {
          extensions: { code: SUBSCRIPTIONS_CLOSED },
        },
      );
    case 'state': {
      const item = payload.item as Item & { readonly regionId: string };
      context.loaders.byId(listing).prime({ regionId: item.regionId, id: payload.id }, item);
      return item;
    }
  }
}

/** The default of `until`: every documented status that is not transitional, as the read declaration says. */
function settledStatuses(status: OpenEnum, action: AnyAction): readonly string[] {
  const transitional = new Set(action.reads?.status?.transitional ?? []);
  return [...status.known].filter((value) => !transitional.has(value));
}

const TERMINAL_SNAPSHOT = new Set(['accomplished', 'failed']);

builder.subscriptionType({
  description:
    'Live progress over Server-Sent Events (GET or POST /graphql with Accept: text/event-stream, or the graphql-sse protocol at /graphql/stream). Every subscriber of an id shares one poller.',
});

const idsDescription = (what: string) =>
  `The ${what} to watch, in one region: at least one, no id twice, at most ${IDS_PER_ID_LIMIT} × the API's id limit.`;

builder.subscriptionField('snapshotProgress', (t) =>
  t.field({
    type: SnapshotRef,
    description:
      'Each snapshot when it is first seen, then each time its progress or status changes; completes once every snapshot is ACCOMPLISHED or FAILED, or gone (an event with a NOT_FOUND error for that id). Polls ECS keeps failing give an event with an UPSTREAM_UNAVAILABLE error (retrying); a poll ECS refuses gives an event with the ECS code, and those ids are watched no more.',
    args: {
      ids: t.arg.idList({ required: true, description: idsDescription('snapshots (SnapshotId)') }),
      regionId: t.arg.id({
        required: false,
        description:
          'The region of the snapshots; the configured region (ALIBABA_CLOUD_REGION_ID) when omitted.',
      }),
    },
    extensions: {
      ...upstreamCost({ calls: 'none' }),
      ...argumentCheck((args, { limits }, path) =>
        watchedIdsProblems(idsOf(args as unknown as WatchArgs), limits, `${path}(ids)`),
      ),
    },
    subscribe: (_root, args, context) =>
      subscribe('snapshot', 'snapshotProgress', args, context, (snapshot) =>
        TERMINAL_SNAPSHOT.has((snapshot.Status ?? '').toLowerCase()),
      ),
    resolve: (payload, _args, context) => eventItem('snapshot', snapshotListing, payload, context),
  }),
);

/** `instanceStatus` and `diskStatus`: the same field over another kind. */
function statusField<K extends 'instance' | 'disk', A extends AnyAction>(spec: {
  readonly kind: K;
  readonly name: string;
  readonly ref: typeof InstanceRef | typeof DiskRef;
  readonly status: OpenEnum;
  readonly listing: Listing<A, ItemOf<K>>;
  readonly action: AnyAction;
  readonly idName: string;
}) {
  const settled = settledStatuses(spec.status, spec.action);
  builder.subscriptionField(spec.name, (t) =>
    t.field({
      type: spec.ref as never,
      description: `Each ${spec.kind} when it is first seen, then on every change of its status; completes once every ${spec.kind} has reached one of \`until\` (an ${spec.kind} that has is watched no more), or is gone (an event with a NOT_FOUND error for that id). Polls ECS keeps failing give an event with an UPSTREAM_UNAVAILABLE error (retrying); a poll ECS refuses gives an event with the ECS code, and those ids are watched no more.`,
      args: {
        ids: t.arg.idList({ required: true, description: idsDescription(`${spec.kind}s (${spec.idName})`) }),
        regionId: t.arg.id({
          required: false,
          description: `The region of the ${spec.kind}s; the configured region (ALIBABA_CLOUD_REGION_ID) when omitted.`,
        }),
        until: t.arg({
          type: [spec.status.ref],
          required: false,
          description: `The statuses to wait for; when left out, any status that is not transitional: ${settled.join(', ')}.`,
        }),
      },
      extensions: {
        ...upstreamCost({ calls: 'none' }),
        ...argumentCheck((args, { limits }, path) => [
          ...watchedIdsProblems(idsOf(args as unknown as WatchArgs), limits, `${path}(ids)`),
          ...untilProblems(args.until as readonly string[] | null | undefined, spec.status, `${path}(until)`),
        ]),
      },
      subscribe: (_root, args, context) => {
        const until = new Set((args as unknown as WatchArgs).until ?? settled);
        return subscribe(spec.kind, spec.name, args as unknown as WatchArgs, context, (item) =>
          until.has((item as { readonly Status?: string }).Status ?? ''),
        ) as never;
      },
      resolve: (payload, _args, context) =>
        eventItem(spec.kind, spec.listing, payload as WatchPayload<ItemOf<K>>, context) as never,
    }),
  );
}

statusField({
  kind: 'instance',
  name: 'instanceStatus',
  ref: InstanceRef,
  status: InstanceStatus,
  listing: instanceListing,
  action: DescribeInstances,
  idName: 'InstanceId',
});

statusField({
  kind: 'disk',
  name: 'diskStatus',
  ref: DiskRef,
  status: DiskStatus,
  listing: diskListing,
  action: DescribeDisks,
  idName: 'DiskId',
});
