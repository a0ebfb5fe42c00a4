import { type RegionSeeder, seededBlockStart } from './seed-region.js';
import { addVpc, addVSwitch } from './state/network.js';
import { steady } from './state/timeline.js';

/**
 * The seeded region's network: one VPC (172.16.0.0/12) with its VRouter and route
 * table, and a VSwitch in every zone of the region, each a /18 of 172.16.0.0/16 in
 * zone order, which the seeded instances' private addresses fall in. Ids are hashes of
 * the region and zone, and no value is drawn from the seed's random stream, so the
 * rest of the estate stays as it was.
 */

const DAY = 86_400_000;
/** Before every seeded security group (400 to 500 days old). */
const NETWORK_AGE_DAYS = 540;

export const SEEDED_VPC_BLOCK = '172.16.0.0/12';

export function seedNetwork(seeder: RegionSeeder): void {
  const at = seeder.now - NETWORK_AGE_DAYS * DAY;
  const createdAt = at - (at % 1000);
  const status = steady('Available' as const, createdAt);
  const vpc = addVpc(seeder.region, {
    vpcId: seeder.vpcId,
    vRouterId: seeder.hashedId('vrt', 'vrouter'),
    routeTableId: seeder.hashedId('vtb', 'route-table'),
    cidrBlock: SEEDED_VPC_BLOCK,
    vpcName: 'default-vpc',
    description: 'The network every seeded instance sits in',
    status,
    creationTime: createdAt,
  });
  seeder.info.zones.forEach((zone, index) => {
    addVSwitch(seeder.region, {
      vSwitchId: seeder.vSwitchIdOf(zone.zoneId),
      vpcId: vpc.vpcId,
      zoneId: zone.zoneId,
      cidrBlock: `172.16.${seededBlockStart(index)}.0/18`,
      vSwitchName: `default-${zone.zoneId.slice(-1)}`,
      description: '',
      status,
      creationTime: createdAt,
    });
  });
}
