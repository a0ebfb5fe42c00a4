import type { AnyAction } from '../spec/action.js';
import { ParamError } from './errors.js';

/** Region ids are DNS labels (`cn-hangzhou`, `ap-southeast-1`); anything else could redirect the call. */
const REGION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isRegionId(value: string): boolean {
  return REGION_ID.test(value) && value.length <= 63;
}

/**
 * The URL a call to `regionId` goes to: the override when one is configured (a
 * simulator, a proxy), for every region, else the region's public endpoint.
 * A malformed region id is refused before any request is signed.
 */
export function endpointFor(regionId: string, override: URL | undefined): URL {
  if (!isRegionId(regionId)) {
    throw new ParamError([
      {
        param: 'RegionId',
        rule: 'lowercase letters, digits and hyphens',
        code: 'InvalidRegionId.Malformed',
        httpStatus: 400,
        message: `The specified parameter "RegionId" is not valid: lowercase letters, digits and hyphens.`,
      },
    ]);
  }
  return override ?? new URL(`https://ecs.${regionId}.aliyuncs.com/`);
}

/** Checks the endpoint option once, at construction: an http(s) URL without query or credentials. */
export function parseEndpointOverride(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RangeError(`The option "endpoint" is not valid: an absolute http or https URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(`The option "endpoint" is not valid: the scheme must be http or https.`);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    throw new RangeError(`The option "endpoint" is not valid: no query, fragment or user info.`);
  return url;
}

/** The region an action's own input names (RegionId, or regionId in today's camelCase actions). */
export function regionOf(action: AnyAction, fields: Readonly<Record<string, unknown>>): string | undefined {
  const value = action.regionParam === undefined ? undefined : fields[action.regionParam];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The wire parameters with the call's region. A regional endpoint's host names it; an
 * overriding endpoint (a proxy, the simulator) serves every region at one URL, so there
 * an action without a region parameter of its own (StartInstance, CreateSnapshot) sends
 * the common RegionId, and the endpoint scopes the call as the regional one would.
 */
export function withRegion<P extends Readonly<Record<string, string>>>(
  action: AnyAction,
  regionId: string,
  override: URL | undefined,
  params: P,
): P {
  return override !== undefined && action.regionParam === undefined
    ? { ...params, RegionId: regionId }
    : params;
}
