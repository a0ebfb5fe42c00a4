import { type DiskItem, diskListing } from '../../loaders/disks.js';
import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import type { AnyAction } from '../../spec/action.js';
import { ReInitDisk, ReplaceSystemDisk, ResetDisk, ResizeDisk } from '../../spec/actions/disk-contents.js';
import {
  AttachDisk,
  CreateDisk,
  DeleteDisk,
  DetachDisk,
  ModifyDiskAttribute,
} from '../../spec/actions/disk-writes.js';
import { DiskRef } from '../disk.js';
import { InstanceRef } from '../instance.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone, type PayloadFieldBuilder } from './define-mutation.js';
import { payloadShows, showsAttributes } from './evidence.js';
import { type NoEvidence, noEvidence } from './lost-answer.js';
import { oneOf } from './pair-rules.js';

/** The disk named by the input's DiskId (or another id), described after the action. */
function theDisk<A extends AnyAction>(
  _action: A, // names A for inference
  description: string,
  afterLostAnswer:
    | { readonly shows: string; readonly holds: (item: DiskItem, done: MutationDone<A>) => boolean }
    | NoEvidence,
  id: (done: MutationDone<A>) => string | undefined = (done) =>
    (done.input as { readonly DiskId?: string }).DiskId,
) {
  return affectedResource<A, typeof diskListing.action, DiskItem>({
    field: 'disk',
    type: DiskRef,
    listing: diskListing,
    description,
    id,
    afterLostAnswer,
  });
}

defineMutation({
  name: 'createDisk',
  action: CreateDisk,
  pairRules: [oneOf('Size', 'SnapshotId', 'MissingParameter')],
  ...theDisk(
    CreateDisk,
    'The disk created; Creating until it is Available.',
    noEvidence('the new disk’s id was in the lost answer'),
    (done) => done.result?.DiskId,
  ),
});

/** A disk and its instance, both described after the action. */
interface DiskAndInstance {
  readonly disk: DiskItem | null;
  readonly instance: InstanceItem | null;
}

type AttachOrDetach = typeof AttachDisk | typeof DetachDisk;

function diskAndInstance(
  description: string,
  evidence: { readonly shows: string; readonly holds: (disk: DiskItem, instanceId: string) => boolean },
) {
  const read = async (done: MutationDone<AttachOrDetach>): Promise<DiskAndInstance> => {
    const [disk, instance] = await Promise.all([
      describeAfter(done.context, diskListing, done.regionId, done.input.DiskId),
      describeAfter(done.context, instanceListing, done.regionId, done.input.InstanceId),
    ]);
    return { disk, instance };
  };
  return {
    payload: {
      description,
      fields: (t: PayloadFieldBuilder<DiskAndInstance>) => ({
        disk: t.field({
          type: DiskRef,
          nullable: true,
          description: 'The disk as ECS describes it after the action.',
          resolve: (payload) => payload.disk,
        }),
        instance: t.field({
          type: InstanceRef,
          nullable: true,
          description: 'The instance as ECS describes it after the action.',
          resolve: (payload) => payload.instance,
        }),
      }),
    },
    read,
    afterLostAnswer: payloadShows(
      read,
      evidence.shows,
      (payload, done) => payload.disk !== null && evidence.holds(payload.disk, done.input.InstanceId),
    ),
  };
}

defineMutation({
  name: 'attachDisk',
  action: AttachDisk,
  ...diskAndInstance('The disk, Attaching until it is In_use, and the instance it is attached to.', {
    shows: 'the disk is attached to the instance (Attaching or In_use)',
    holds: (disk, instanceId) =>
      disk.InstanceId === instanceId && (disk.Status === 'Attaching' || disk.Status === 'In_use'),
  }),
});

defineMutation({
  name: 'detachDisk',
  action: DetachDisk,
  ...diskAndInstance('The disk, Detaching until it is Available, and the instance it was attached to.', {
    shows: 'the disk is Detaching from the instance or Available',
    holds: (disk, instanceId) =>
      (disk.Status === 'Detaching' && disk.InstanceId === instanceId) || disk.Status === 'Available',
  }),
});

defineMutation({
  name: 'modifyDiskAttribute',
  action: ModifyDiskAttribute,
  ...theDisk(ModifyDiskAttribute, 'The disk with its new attributes.', {
    shows: 'the disk has every attribute given',
    holds: (item, done) =>
      showsAttributes(item, done.input, {
        DiskId: 'DiskId',
        DiskName: 'DiskName',
        Description: 'Description',
        DeleteWithInstance: 'DeleteWithInstance',
        DeleteAutoSnapshot: 'DeleteAutoSnapshot',
        EnableAutoSnapshot: 'EnableAutoSnapshot',
      }),
  }),
});

defineMutation({
  name: 'deleteDisk',
  action: DeleteDisk,
  ...deletedResource(DeleteDisk, {
    field: 'diskId',
    description: 'The disk released; its manual snapshots stay.',
    id: (done) => done.input.DiskId,
    lookUp: (done, id) => describeAfter(done.context, diskListing, done.regionId, id),
  }),
});

defineMutation({
  name: 'reInitDisk',
  action: ReInitDisk,
  ...theDisk(ReInitDisk, 'The disk, ReIniting until it is In_use again in its first state.', {
    shows: 'the disk is ReIniting',
    holds: (item) => item.Status === 'ReIniting',
  }),
});

defineMutation({
  name: 'resetDisk',
  action: ResetDisk,
  ...theDisk(
    ResetDisk,
    'The disk, rolled back to the snapshot.',
    noEvidence('a disk rolled back to a snapshot looks like one that was not'),
  ),
});

defineMutation({
  name: 'resizeDisk',
  action: ResizeDisk,
  ...theDisk(ResizeDisk, 'The disk with its new size (an attached disk takes it after a restart).', {
    shows: 'the disk has the new size',
    holds: (item, done) => item.Size === done.input.NewSize,
  }),
});

/** The instance and its new system disk (a new DiskId). */
interface InstanceAndSystemDisk {
  readonly instance: InstanceItem | null;
  readonly systemDisk: DiskItem | null;
}

defineMutation<typeof ReplaceSystemDisk, InstanceAndSystemDisk>({
  name: 'replaceSystemDisk',
  action: ReplaceSystemDisk,
  payload: {
    description: 'The instance and its new system disk; the old one is released.',
    fields: (t) => ({
      instance: t.field({
        type: InstanceRef,
        nullable: true,
        description: 'The instance as ECS describes it after the action.',
        resolve: (payload) => payload.instance,
      }),
      systemDisk: t.field({
        type: DiskRef,
        nullable: true,
        description: 'The new system disk (a new DiskId), as ECS describes it after the action.',
        resolve: (payload) => payload.systemDisk,
      }),
    }),
  },
  read: async ({ context, regionId, input, result }) => {
    const [instance, systemDisk] = await Promise.all([
      describeAfter(context, instanceListing, regionId, input.InstanceId),
      describeAfter(context, diskListing, regionId, result?.DiskId),
    ]);
    return { instance, systemDisk };
  },
  afterLostAnswer: noEvidence('the new system disk’s id was in the lost answer'),
});
