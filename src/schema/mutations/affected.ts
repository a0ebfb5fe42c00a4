import type { ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.js';
import type { Listing } from '../../loaders/listing.js';
import type { AnyAction } from '../../spec/action.js';
import type { GatewayTypes } from '../builder.js';
import type { MutationDone, MutationSpec } from './define-mutation.js';
import type { Evidence, NoEvidence } from './lost-answer.js';

/**
 * The resource a mutation acted on, described afresh after the action: the request's
 * caches were dropped before the read step, so this is one Describe call (batched with
 * any other id of the same listing) and it primes the lookups the payload's own
 * fields make.
 */
export function describeAfter<A extends AnyAction, Item>(
  context: GatewayContext,
  listing: Listing<A, Item>,
  regionId: string,
  id: string | undefined,
): Promise<Item | null> {
  if (!id) return Promise.resolve(null);
  return context.loaders.byId(listing).load({ regionId, id });
}

/** The payload of a mutation that affects one resource: `{ requestId, <field>: <Type> }`. */
export function affectedResource<A extends AnyAction, L extends AnyAction, Item>(options: {
  /** The payload field: `instance`, `disk`, `snapshot`. */
  readonly field: string;
  readonly type: ObjectRef<GatewayTypes, Item>;
  readonly listing: Listing<L, Item>;
  readonly description: string;
  /** The id of the affected resource: from the input, or the new id in the result. */
  readonly id: (done: MutationDone<A>) => string | undefined;
  /**
   * After a lost answer: what of the resource, read afresh, shows the action took
   * effect (`holds`, said in words by `shows`), or why nothing can.
   */
  readonly afterLostAnswer:
    | { readonly shows: string; readonly holds: (item: Item, done: MutationDone<A>) => boolean }
    | NoEvidence;
}): Pick<MutationSpec<A, { readonly affected: Item | null }>, 'payload' | 'read' | 'afterLostAnswer'> {
  const read = async (done: MutationDone<A>) => ({
    affected: await describeAfter(done.context, options.listing, done.regionId, options.id(done)),
  });
  const lost = options.afterLostAnswer;
  return {
    payload: {
      description: options.description,
      fields: (t) => ({
        [options.field]: t.field({
          // Pothos cannot resolve its result-type conditionals over the generic Item.
          type: options.type as unknown as ObjectRef<GatewayTypes, object>,
          nullable: true,
          description: `The ${options.field} as ECS describes it after the action; null if ECS no longer lists it.`,
          resolve: (payload) => payload.affected as object | null,
        }),
      }),
    },
    read,
    afterLostAnswer:
      'holds' in lost
        ? {
            shows: lost.shows,
            check: async (done) => {
              const payload = await read(done);
              return payload.affected !== null && lost.holds(payload.affected, done) ? payload : undefined;
            },
          }
        : lost,
  };
}

/** The payload of a deletion: the id of what is gone. */
export function deletedResource<A extends AnyAction>(
  _action: A,
  options: {
    /** The payload field: `instanceId`. */
    readonly field: string;
    readonly description: string;
    readonly id: (done: MutationDone<A>) => string;
    /**
     * Reads the resource afresh; null when ECS no longer has it, which after a lost
     * answer shows the deletion took effect.
     */
    readonly lookUp: (done: MutationDone<A>, id: string) => Promise<unknown>;
  },
): Pick<MutationSpec<A, { readonly deletedId: string }>, 'payload' | 'read' | 'afterLostAnswer'> {
  const evidence: Evidence<A, { readonly deletedId: string }> = {
    // `autoSnapshotPolicyId` → `auto snapshot policy`.
    shows: `ECS no longer lists the ${options.field.replace(/Id$/, '').replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`,
    check: async (done) => {
      const id = options.id(done);
      return (await options.lookUp(done, id)) === null ? { deletedId: id } : undefined;
    },
  };
  return {
    afterLostAnswer: evidence,
    payload: {
      description: options.description,
      fields: (t) => ({
        [options.field]: t.id({
          description: 'The id of the resource the action deleted.',
          resolve: (payload) => payload.deletedId,
        }),
      }),
    },
    read: async (done) => ({ deletedId: options.id(done) }),
  };
}
