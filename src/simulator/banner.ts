import { API_VERSION } from '../signature/v1.js';
import type { Simulator } from './index.js';
import type { SimulatorSettings } from './settings.js';

/**
 * What `npm run simulator` prints once it listens: where it is, the keys it accepts
 * (simulator keys, printed on purpose: they guard only simulated resources) and
 * commands to paste into the tools that can call it.
 */
export function simulatorBanner(
  simulator: Pick<Simulator, 'url' | 'port' | 'accessKeyId' | 'accessKeySecret' | 'seededRegions'>,
  settings: Pick<
    SimulatorSettings,
    'instancesPerRegion' | 'disksPerInstance' | 'snapshotsPerDisk' | 'transitions' | 'seed' | 'apiLimits'
  >,
): string {
  const limits = settings.apiLimits;
  const url = new URL(simulator.url);
  // A simulator listening on every interface is still reached through loopback here.
  const host = url.hostname === '0.0.0.0' || url.hostname === '[::]' ? '127.0.0.1' : url.hostname;
  const endpoint = `${host}:${simulator.port}`;
  const { accessKeyId: id, accessKeySecret: secret } = simulator;
  const region = simulator.seededRegions[0] ?? 'cn-hangzhou';
  const regions = simulator.seededRegions.length > 0 ? simulator.seededRegions.join(', ') : 'none';
  return [
    `ECS simulator listening on http://${endpoint}`,
    '',
    `  AccessKeyId      ${id}`,
    `  AccessKeySecret  ${secret}   (simulator keys: they guard only simulated resources)`,
    `  Regions seeded   ${regions}`,
    `  Each region      ${settings.instancesPerRegion} instances × ${settings.disksPerInstance} disks × ${settings.snapshotsPerDisk} snapshots (seed ${settings.seed})`,
    `  Transitions      ${settings.transitions}; API limits ${limits.name} (PageSize ≤ ${limits.pageSize}, ${limits.ids} ids a filter)`,
    `  Control          GET http://${endpoint}/__simulator/stats, PUT …/__simulator/faults, POST …/__simulator/reset`,
    '',
    'Point a client at it:',
    '',
    '  # the gateway (no credentials set: it signs with the simulator keys)',
    `  ECS_ENDPOINT=http://${endpoint} npm start`,
    '',
    '  # aliyun CLI: --endpoint overrides the host, --insecure sends plain HTTP',
    `  aliyun ecs DescribeInstances --endpoint ${endpoint} --insecure \\`,
    `    --access-key-id ${id} --access-key-secret ${secret} --region ${region}`,
    '',
    '  // @alicloud/pop-core (signature v1)',
    `  new RPCClient({ accessKeyId: '${id}', accessKeySecret: '${secret}',`,
    `    endpoint: 'http://${endpoint}', apiVersion: '${API_VERSION}' })`,
    '',
    '  // @alicloud/ecs20140526 (ACS3-HMAC-SHA256)',
    `  new Ecs(new $OpenApi.Config({ accessKeyId: '${id}', accessKeySecret: '${secret}',`,
    `    endpoint: '${endpoint}', protocol: 'http', regionId: '${region}' }))`,
    '',
    'Ctrl+C stops it.',
  ].join('\n');
}
