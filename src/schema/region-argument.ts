import type { GatewayTypes } from './builder.js';

/** The `regionId` argument of a root field: the configured region when omitted. */
export function regionIdArgument(t: PothosSchemaTypes.QueryFieldBuilder<GatewayTypes, object>) {
  return t.arg.id({
    required: false,
    description:
      'The region to read, such as cn-hangzhou (RegionId); the region the gateway is configured with (ALIBABA_CLOUD_REGION_ID) when omitted.',
  });
}

/** The region a root field reads: its `regionId` argument, or the configured one. */
export function requestedRegion(
  regionId: string | number | null | undefined,
  context: { readonly defaultRegionId: string },
): string {
  return regionId == null ? context.defaultRegionId : String(regionId);
}
