import type { GatewayContext } from '../../context.js';
import {
  type AutoSnapshotPolicyItem,
  autoSnapshotPolicyLoader,
} from '../../loaders/auto-snapshot-policies.js';
import { type DiskItem, diskListing } from '../../loaders/disks.js';
import type { AnyAction } from '../../spec/action.js';
import {
  ApplyAutoSnapshotPolicy,
  CancelAutoSnapshotPolicy,
  CreateAutoSnapshotPolicy,
  DeleteAutoSnapshotPolicy,
  ModifyAutoSnapshotPolicyEx,
} from '../../spec/actions/auto-snapshot-policies.js';
import { AutoSnapshotPolicyRef } from '../auto-snapshot-policy.js';
import { DiskRef } from '../disk.js';
import { deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone, type PayloadFieldBuilder } from './define-mutation.js';
import { payloadShows, sameNumberList, showsAttributes } from './evidence.js';
import { type Evidence, type NoEvidence, noEvidence } from './lost-answer.js';

// The schedule parameters are JSON arrays of numbers in strings on the wire; [Int!] here.
const SCHEDULE = ['timePoints', 'repeatWeekdays'];

/** The policy described afresh: Loaders.forget() has emptied the request's policy loader. */
function describePolicy(
  context: GatewayContext,
  regionId: string,
  id: string | undefined,
): Promise<AutoSnapshotPolicyItem | null> {
  return id ? autoSnapshotPolicyLoader(context).load({ regionId, id }) : Promise.resolve(null);
}

interface PolicyPayload {
  readonly policy: AutoSnapshotPolicyItem | null;
}

function policyField(t: PayloadFieldBuilder<PolicyPayload>) {
  return t.field({
    type: AutoSnapshotPolicyRef,
    nullable: true,
    description: 'The policy as ECS describes it after the action.',
    resolve: (payload) => payload.policy,
  });
}

function thePolicy<A extends AnyAction>(
  _action: A, // names A for inference
  description: string,
  id: (done: MutationDone<A>) => string | undefined,
  afterLostAnswer:
    | {
        readonly shows: string;
        readonly holds: (policy: AutoSnapshotPolicyItem, done: MutationDone<A>) => boolean;
      }
    | NoEvidence,
) {
  const read = async (done: MutationDone<A>): Promise<PolicyPayload> => ({
    policy: await describePolicy(done.context, done.regionId, id(done)),
  });
  const lost = afterLostAnswer;
  const evidence: Evidence<A, PolicyPayload> | NoEvidence =
    'holds' in lost
      ? payloadShows(
          read,
          lost.shows,
          (payload, done) => payload.policy !== null && lost.holds(payload.policy, done),
        )
      : lost;
  return {
    numberLists: SCHEDULE,
    payload: { description, fields: (t: PayloadFieldBuilder<PolicyPayload>) => ({ policy: policyField(t) }) },
    read,
    afterLostAnswer: evidence,
  };
}

defineMutation({
  name: 'createAutoSnapshotPolicy',
  action: CreateAutoSnapshotPolicy,
  ...thePolicy(
    CreateAutoSnapshotPolicy,
    'The policy created; apply it to disks with applyAutoSnapshotPolicy.',
    (done) => done.result?.AutoSnapshotPolicyId,
    noEvidence('the new policy’s id was in the lost answer'),
  ),
});

defineMutation({
  name: 'modifyAutoSnapshotPolicy',
  action: ModifyAutoSnapshotPolicyEx,
  ...thePolicy(
    ModifyAutoSnapshotPolicyEx,
    'The policy with its new name, schedule or retention.',
    (done) => done.input.autoSnapshotPolicyId,
    {
      shows: 'the policy has every value given',
      holds: (policy, done) =>
        showsAttributes(policy, done.input, {
          regionId: () => true,
          autoSnapshotPolicyId: 'AutoSnapshotPolicyId',
          autoSnapshotPolicyName: 'AutoSnapshotPolicyName',
          timePoints: sameNumberList('TimePoints'),
          repeatWeekdays: sameNumberList('RepeatWeekdays'),
          retentionDays: 'RetentionDays',
        }),
    },
  ),
});

defineMutation({
  name: 'deleteAutoSnapshotPolicy',
  action: DeleteAutoSnapshotPolicy,
  ...deletedResource(DeleteAutoSnapshotPolicy, {
    field: 'autoSnapshotPolicyId',
    description: 'The policy deleted; its disks take no more automatic snapshots.',
    id: (done) => done.input.autoSnapshotPolicyId,
    lookUp: (done, id) => describePolicy(done.context, done.regionId, id),
  }),
});

interface DisksPayload {
  readonly disks: readonly (DiskItem | null)[];
}

function disksField<P extends DisksPayload>(t: PayloadFieldBuilder<P>) {
  return t.field({
    type: [DiskRef],
    // Nullable as a whole too: a failed read after the action is an error here, not a lost payload.
    nullable: { list: true, items: true },
    description:
      'The disks, in input order, as ECS describes them after the action; null for one it does not list.',
    resolve: (payload) => payload.disks,
  });
}

function describeDisks(done: MutationDone<typeof ApplyAutoSnapshotPolicy | typeof CancelAutoSnapshotPolicy>) {
  return Promise.all(
    done.input.diskIds.map((id) => describeAfter(done.context, diskListing, done.regionId, id)),
  );
}

async function readApplied(done: MutationDone<typeof ApplyAutoSnapshotPolicy>) {
  const [policy, disks] = await Promise.all([
    describePolicy(done.context, done.regionId, done.input.autoSnapshotPolicyId),
    describeDisks(done),
  ]);
  return { policy, disks };
}

defineMutation<typeof ApplyAutoSnapshotPolicy, PolicyPayload & DisksPayload>({
  name: 'applyAutoSnapshotPolicy',
  action: ApplyAutoSnapshotPolicy,
  payload: {
    description: 'The policy and the disks it now applies to (replacing any policy they had).',
    fields: (t) => ({ policy: policyField(t), disks: disksField(t) }),
  },
  read: readApplied,
  // The policy, and the disks by id.
  reads: { fixed: 1, idsOf: 'diskIds' },
  afterLostAnswer: payloadShows(readApplied, 'every disk has the policy', ({ disks }, done) =>
    disks.every((disk) => disk?.AutoSnapshotPolicyId === done.input.autoSnapshotPolicyId),
  ),
});

async function readCancelled(done: MutationDone<typeof CancelAutoSnapshotPolicy>): Promise<DisksPayload> {
  return { disks: await describeDisks(done) };
}

defineMutation<typeof CancelAutoSnapshotPolicy, DisksPayload>({
  name: 'cancelAutoSnapshotPolicy',
  action: CancelAutoSnapshotPolicy,
  payload: {
    description: 'The disks, now without an automatic snapshot policy.',
    fields: (t) => ({ disks: disksField(t) }),
  },
  read: readCancelled,
  reads: { fixed: 0, idsOf: 'diskIds' },
  afterLostAnswer: payloadShows(readCancelled, 'no disk has a policy any more', ({ disks }) =>
    disks.every((disk) => disk !== null && !disk.AutoSnapshotPolicyId),
  ),
});
