import { steady } from './state/timeline.js';
import type { DiskCategory, ImageRecord } from './store.js';

/**
 * What the simulated cloud offers, the same for every account: regions and their
 * zones, instance types, disk categories and public system images.
 */

/** The languages of LocalName (DescribeRegions and DescribeZones take AcceptLanguage). */
export type Language = 'zh-CN' | 'en-US' | 'ja';
export type LocalNames = Readonly<Record<Language, string>>;

export interface ZoneInfo {
  readonly zoneId: string;
  readonly localName: LocalNames;
  readonly resourceCreation: readonly string[];
  readonly diskCategories: readonly DiskCategory[];
  readonly instanceTypes: readonly string[];
}

export interface RegionInfo {
  readonly regionId: string;
  readonly localName: LocalNames;
  readonly regionEndpoint: string;
  /** The three characters after the dash of every id made in the region, as on ECS (`i-bp1…`). */
  readonly idPrefix: string;
  readonly zones: readonly ZoneInfo[];
}

export interface InstanceTypeInfo {
  readonly instanceTypeId: string;
  readonly instanceTypeFamily: string;
  readonly cpuCoreCount: number;
  readonly memorySize: number;
}

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  { instanceTypeId: 'ecs.g7.large', instanceTypeFamily: 'ecs.g7', cpuCoreCount: 2, memorySize: 8 },
  { instanceTypeId: 'ecs.g7.xlarge', instanceTypeFamily: 'ecs.g7', cpuCoreCount: 4, memorySize: 16 },
  { instanceTypeId: 'ecs.g7.2xlarge', instanceTypeFamily: 'ecs.g7', cpuCoreCount: 8, memorySize: 32 },
  { instanceTypeId: 'ecs.c7.large', instanceTypeFamily: 'ecs.c7', cpuCoreCount: 2, memorySize: 4 },
  { instanceTypeId: 'ecs.c7.xlarge', instanceTypeFamily: 'ecs.c7', cpuCoreCount: 4, memorySize: 8 },
  { instanceTypeId: 'ecs.r7.large', instanceTypeFamily: 'ecs.r7', cpuCoreCount: 2, memorySize: 16 },
  { instanceTypeId: 'ecs.r7.xlarge', instanceTypeFamily: 'ecs.r7', cpuCoreCount: 4, memorySize: 32 },
  { instanceTypeId: 'ecs.g6.large', instanceTypeFamily: 'ecs.g6', cpuCoreCount: 2, memorySize: 8 },
  { instanceTypeId: 'ecs.t6-c1m2.large', instanceTypeFamily: 'ecs.t6', cpuCoreCount: 2, memorySize: 4 },
  { instanceTypeId: 'ecs.t1.small', instanceTypeFamily: 'ecs.t1', cpuCoreCount: 1, memorySize: 1 },
  { instanceTypeId: 'ecs.s2.large', instanceTypeFamily: 'ecs.s2', cpuCoreCount: 2, memorySize: 4 },
  { instanceTypeId: 'ecs.n1.small', instanceTypeFamily: 'ecs.n1', cpuCoreCount: 1, memorySize: 2 },
];

const MODERN_TYPES = INSTANCE_TYPES.filter((type) => !/^ecs\.(t1|s2|n1)\./.test(type.instanceTypeId)).map(
  (type) => type.instanceTypeId,
);
const ALL_TYPES = INSTANCE_TYPES.map((type) => type.instanceTypeId);
const CLOUD_DISKS: readonly DiskCategory[] = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'];
const WITH_BASIC: readonly DiskCategory[] = ['cloud', ...CLOUD_DISKS];
const RESOURCES = ['Instance', 'Disk', 'VSwitch'];

/** A zone named after its region's city and its letter: `Hangzhou Zone H`, `杭州 可用区H`. */
function zone(
  city: LocalNames,
  zoneId: string,
  diskCategories = CLOUD_DISKS,
  instanceTypes = MODERN_TYPES,
): ZoneInfo {
  const letter = zoneId.slice(-1).toUpperCase();
  const localName = {
    'zh-CN': `${city['zh-CN']} 可用区${letter}`,
    'en-US': `${city['en-US']} Zone ${letter}`,
    ja: `${city.ja} ゾーン ${letter}`,
  };
  return { zoneId, localName, resourceCreation: RESOURCES, diskCategories, instanceTypes };
}

const HANGZHOU = { 'zh-CN': '杭州', 'en-US': 'Hangzhou', ja: '杭州' };
const SHANGHAI = { 'zh-CN': '上海', 'en-US': 'Shanghai', ja: '上海' };
const BEIJING = { 'zh-CN': '北京', 'en-US': 'Beijing', ja: '北京' };
const SHENZHEN = { 'zh-CN': '深圳', 'en-US': 'Shenzhen', ja: '深セン' };
const SINGAPORE = { 'zh-CN': '新加坡', 'en-US': 'Singapore', ja: 'シンガポール' };

export const REGIONS: readonly RegionInfo[] = [
  {
    regionId: 'cn-hangzhou',
    localName: { 'zh-CN': '华东1（杭州）', 'en-US': 'China (Hangzhou)', ja: '中国 (杭州)' },
    regionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com',
    idPrefix: 'bp1',
    zones: [
      zone(HANGZHOU, 'cn-hangzhou-h', WITH_BASIC, ALL_TYPES),
      zone(HANGZHOU, 'cn-hangzhou-i', WITH_BASIC, ALL_TYPES),
      zone(HANGZHOU, 'cn-hangzhou-j'),
      zone(HANGZHOU, 'cn-hangzhou-k'),
    ],
  },
  {
    regionId: 'cn-shanghai',
    localName: { 'zh-CN': '华东2（上海）', 'en-US': 'China (Shanghai)', ja: '中国 (上海)' },
    regionEndpoint: 'ecs.cn-shanghai.aliyuncs.com',
    idPrefix: 'uf6',
    zones: [
      zone(SHANGHAI, 'cn-shanghai-e'),
      zone(SHANGHAI, 'cn-shanghai-f'),
      zone(SHANGHAI, 'cn-shanghai-g'),
      zone(SHANGHAI, 'cn-shanghai-l'),
    ],
  },
  {
    regionId: 'cn-beijing',
    localName: { 'zh-CN': '华北2（北京）', 'en-US': 'China (Beijing)', ja: '中国 (北京)' },
    regionEndpoint: 'ecs.cn-beijing.aliyuncs.com',
    idPrefix: '2ze',
    zones: [zone(BEIJING, 'cn-beijing-g'), zone(BEIJING, 'cn-beijing-h')],
  },
  {
    regionId: 'cn-shenzhen',
    localName: { 'zh-CN': '华南1（深圳）', 'en-US': 'China (Shenzhen)', ja: '中国 (深セン)' },
    regionEndpoint: 'ecs.cn-shenzhen.aliyuncs.com',
    idPrefix: 'wz9',
    zones: [zone(SHENZHEN, 'cn-shenzhen-d'), zone(SHENZHEN, 'cn-shenzhen-e')],
  },
  {
    regionId: 'ap-southeast-1',
    localName: { 'zh-CN': '新加坡', 'en-US': 'Singapore', ja: 'シンガポール' },
    regionEndpoint: 'ecs.ap-southeast-1.aliyuncs.com',
    idPrefix: 't4n',
    zones: [
      zone(SINGAPORE, 'ap-southeast-1a'),
      zone(SINGAPORE, 'ap-southeast-1b'),
      zone(SINGAPORE, 'ap-southeast-1c', ['cloud_efficiency', 'cloud_essd']),
    ],
  },
];

const REGION_BY_ID = new Map(REGIONS.map((region) => [region.regionId, region]));

export function regionInfo(regionId: string): RegionInfo | undefined {
  return REGION_BY_ID.get(regionId);
}

export function zoneInfo(regionId: string, zoneId: string): ZoneInfo | undefined {
  return regionInfo(regionId)?.zones.find((zone) => zone.zoneId === zoneId);
}

export function instanceTypeInfo(instanceTypeId: string): InstanceTypeInfo | undefined {
  return INSTANCE_TYPES.find((type) => type.instanceTypeId === instanceTypeId);
}

/** Size limits of one disk, in GiB, by category (the reference's disk category table, today's values). */
export const DISK_SIZE_LIMITS: Readonly<Record<DiskCategory, { min: number; max: number }>> = {
  cloud: { min: 5, max: 2000 },
  cloud_efficiency: { min: 20, max: 32768 },
  cloud_ssd: { min: 20, max: 32768 },
  cloud_essd: { min: 20, max: 32768 },
  cloud_auto: { min: 1, max: 65536 },
};

/** Today's default category: ESSD where the zone offers it, else the zone's first. */
export function defaultDiskCategory(offered: readonly DiskCategory[]): DiskCategory {
  return offered.includes('cloud_essd') ? 'cloud_essd' : (offered[0] as DiskCategory);
}

interface SystemImageSpec {
  readonly imageId: string;
  readonly imageName: string;
  readonly osName: string;
  readonly platform: string;
  readonly osType: 'linux' | 'windows';
  readonly size: number;
  readonly released: number;
}

const SYSTEM_IMAGES: readonly SystemImageSpec[] = [
  {
    imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    imageName: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    osName: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
    platform: 'Aliyun',
    osType: 'linux',
    size: 20,
    released: Date.UTC(2024, 7, 19),
  },
  {
    imageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    imageName: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    osName: 'Ubuntu  22.04 64 bit',
    platform: 'Ubuntu',
    osType: 'linux',
    size: 20,
    released: Date.UTC(2024, 6, 10),
  },
  {
    imageId: 'debian_12_6_x64_20G_alibase_20240717.vhd',
    imageName: 'debian_12_6_x64_20G_alibase_20240717.vhd',
    osName: 'Debian  12.6 64 bit',
    platform: 'Debian',
    osType: 'linux',
    size: 20,
    released: Date.UTC(2024, 6, 17),
  },
  {
    imageId: 'centos_7_9_x64_20G_alibase_20240628.vhd',
    imageName: 'centos_7_9_x64_20G_alibase_20240628.vhd',
    osName: 'CentOS  7.9 64 bit',
    platform: 'CentOS',
    osType: 'linux',
    size: 20,
    released: Date.UTC(2024, 5, 28),
  },
  {
    imageId: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240716.vhd',
    imageName: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240716.vhd',
    osName: 'Windows Server  2022 Datacenter 64 bit English',
    platform: 'Windows Server 2022',
    osType: 'windows',
    size: 40,
    released: Date.UTC(2024, 6, 16),
  },
];

const systemImagesByRegion = new Map<string, readonly ImageRecord[]>();

/** The public images of a region (frozen records shared by every account). */
export function systemImages(regionId: string): readonly ImageRecord[] {
  let images = systemImagesByRegion.get(regionId);
  if (!images) {
    images = SYSTEM_IMAGES.map((spec) =>
      Object.freeze({
        imageId: spec.imageId,
        regionId,
        imageName: spec.imageName,
        description: '',
        imageVersion: '',
        osName: spec.osName,
        osType: spec.osType,
        platform: spec.platform,
        architecture: 'x86_64' as const,
        size: spec.size,
        imageOwnerAlias: 'system' as const,
        snapshotId: '',
        status: steady('Available' as const, spec.released),
        creationTime: spec.released,
        tags: [],
        resourceGroupId: '',
      }),
    );
    systemImagesByRegion.set(regionId, images);
  }
  return images;
}

/** The system image the seed and examples use most: Alibaba Cloud Linux 3. */
export const DEFAULT_IMAGE_ID = SYSTEM_IMAGES[0]!.imageId;
