import { regionInfo } from './catalog.js';
import type { Random } from './random.js';

/** The id prefixes of ECS resources: `i-bp1…` is an instance made in cn-hangzhou. */
export type ResourceKind =
  | 'instance'
  | 'disk'
  | 'snapshot'
  | 'image'
  | 'securityGroup'
  | 'autoSnapshotPolicy'
  | 'eip'
  | 'vpc'
  | 'vRouter'
  | 'vSwitch'
  | 'routeTable';

const KIND_PREFIX: Readonly<Record<ResourceKind, string>> = {
  instance: 'i',
  disk: 'd',
  snapshot: 's',
  image: 'm',
  securityGroup: 'sg',
  autoSnapshotPolicy: 'p',
  eip: 'eip',
  vpc: 'vpc',
  vRouter: 'vrt',
  vSwitch: 'vsw',
  routeTable: 'vtb',
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Characters after the dash: ECS ids today are 20 (`i-bp1` + 17). */
const ID_LENGTH = 20;

/** Makes ECS-style ids from a seeded random source; `taken` rejects the (unlikely) repeat. */
export function makeId(
  random: Random,
  kind: ResourceKind,
  regionId: string,
  taken: (id: string) => boolean = () => false,
): string {
  const regionPrefix = regionInfo(regionId)?.idPrefix ?? 'xx0';
  for (;;) {
    let body = regionPrefix;
    while (body.length < ID_LENGTH) body += ALPHABET[Math.floor(random.next() * ALPHABET.length)];
    const id = `${KIND_PREFIX[kind]}-${body}`;
    if (!taken(id)) return id;
  }
}
