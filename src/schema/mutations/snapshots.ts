import { type SnapshotItem, snapshotListing } from '../../loaders/snapshots.js';
import { CreateSnapshot } from '../../spec/actions/create-snapshot.js';
import { DeleteSnapshot } from '../../spec/actions/snapshots.js';
import { SnapshotRef } from '../snapshot.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation } from './define-mutation.js';
import { noEvidence } from './lost-answer.js';
import { notTogether } from './pair-rules.js';

/** The single mutation; createSnapshots does it for each disk. */
export const createSnapshot = defineMutation({
  name: 'createSnapshot',
  action: CreateSnapshot,
  pairRules: [notTogether('Category', 'InstantAccess', 'InvalidCategoryAndInstantAccess.Malformed')],
  ...affectedResource<typeof CreateSnapshot, typeof snapshotListing.action, SnapshotItem>({
    field: 'snapshot',
    type: SnapshotRef,
    listing: snapshotListing,
    description:
      'The snapshot started: progressing, with its progress, until it is accomplished (poll it with the snapshot query).',
    id: (done) => done.result?.SnapshotId,
    afterLostAnswer: noEvidence('the new snapshot’s id was in the lost answer'),
  }),
});

defineMutation({
  name: 'deleteSnapshot',
  action: DeleteSnapshot,
  ...deletedResource(DeleteSnapshot, {
    field: 'snapshotId',
    description: 'The snapshot deleted (or its creation cancelled).',
    id: (done) => done.input.SnapshotId,
    lookUp: (done, id) => describeAfter(done.context, snapshotListing, done.regionId, id),
  }),
});
