import type { ActionResult } from '../spec/action.js';
import { DescribeEipAddresses } from '../spec/actions/eips.js';
import type { ByIdLoader } from './by-id.js';
import { defineListing } from './listing.js';
import type { Loaders, LoadersOptions } from './loaders.js';
import { createSingleIdLookupLoader } from './single-id-lookup.js';

/** An EIP as DescribeEipAddresses lists it (EipAddressSetType). */
export type EipItem = ActionResult<typeof DescribeEipAddresses>['EipAddresses'][number];

/** EIPs of a region: DescribeEipAddresses, whose AllocationId filter takes one id. */
export const eipListing = defineListing({
  action: DescribeEipAddresses,
  idsParam: 'AllocationId',
  items: (result) => result.EipAddresses,
  idOf: (eip) => eip.AllocationId ?? '',
});

/** EIPs by allocation id: the filter takes one id (see createSingleIdLookupLoader). */
export function createEipLoader(options: LoadersOptions): ByIdLoader<EipItem> {
  return createSingleIdLookupLoader(eipListing, options);
}

/** The request's EIP loader; listings prime it, and the request's Loaders.forget() empties it. */
export function eipLoader(request: { readonly loaders: Loaders }): ByIdLoader<EipItem> {
  return request.loaders.own(createEipLoader);
}
