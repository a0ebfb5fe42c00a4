import EcsModule from '@alicloud/ecs20140526';
import OpenApiModule, * as $OpenApi from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import * as $Util from '@alicloud/tea-util';
import { REALISTIC_DURATIONS as DURATIONS } from '../../src/simulator/clock.js';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, signedGet } from './integration-support.js';

/**
 * The official SDKs pointed at a simulator, for the sdk-*.test.ts files: @alicloud/pop-core
 * (signature v1), @alicloud/ecs20140526 (ACS3-HMAC-SHA256), @alicloud/openapi-client's generic call
 * (ACS3) for what today's ECS SDK no longer carries, and the simulator's own signed calls
 * that build the state an action needs and read the state after it.
 */

// The SDKs are CommonJS with an ES default export: Node's ESM loader hands over
// module.exports (the class under .default), vitest hands over the class; accept both.
const unwrap = (module: unknown): unknown => (module as { default?: unknown }).default ?? module;
export type EcsClass = typeof EcsModule.default;
export type EcsClient = InstanceType<EcsClass>;
const Ecs = unwrap(EcsModule) as EcsClass;
const OpenApi = unwrap(OpenApiModule) as typeof OpenApiModule.default;

// biome-ignore lint/suspicious/noExplicitAny: the wire answers are untyped JSON, which the tests walk.
export type Body = Record<string, any>;
export type Params = Record<string, string | number | boolean>;

export const runtime = () => new $Util.RuntimeOptions({});

export function ecsClient(simulator: Simulator, regionId = REGION): EcsClient {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: `127.0.0.1:${simulator.port}`,
      protocol: 'http',
      regionId,
    }),
  );
}

export function popClient(simulator: Simulator) {
  return new RPCClient({
    accessKeyId: simulator.accessKeyId,
    accessKeySecret: simulator.accessKeySecret,
    endpoint: simulator.url,
    apiVersion: '2014-05-26',
  });
}

/** @alicloud/openapi-client's generic RPC call, signed with ACS3-HMAC-SHA256. */
export async function genericAcs3(simulator: Simulator, action: string, query: Params): Promise<Body> {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: `127.0.0.1:${simulator.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
  const answer = await client.callApi(
    new $OpenApi.Params({
      action,
      version: '2014-05-26',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApi.OpenApiRequest({
      query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
    }),
    runtime(),
  );
  return answer.body as Body;
}

/** The simulator's own calls (signed by hand with v1, JSON), RegionId defaulted; anything but 200 throws. */
export interface World {
  readonly simulator: Simulator;
  call(action: string, params?: Params): Promise<Body>;
  instances(): Promise<Body[]>;
  instance(id: string): Promise<Body>;
  disks(params?: Params): Promise<Body[]>;
  disk(id: string): Promise<Body>;
  /** A new instance beside the first seeded one (zone, VSwitch, group), Stopped: its creation passed. */
  stoppedInstance(): Promise<string>;
}

export function worldOf(simulator: Simulator): World {
  const call = async (action: string, params: Params = {}) => {
    const query = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...query });
    if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as Body;
  };
  const instances = async () =>
    (await call('DescribeInstances', { PageSize: 50 })).Instances.Instance as Body[];
  const disks = async (params: Params = {}) =>
    (await call('DescribeDisks', { PageSize: 50, ...params })).Disks.Disk as Body[];
  const world: World = {
    simulator,
    call,
    instances,
    async instance(id) {
      const found = (await instances()).find((instance) => instance.InstanceId === id);
      if (!found) throw new Error(`no instance ${id}`);
      return found;
    },
    disks,
    async disk(id) {
      const [found] = await disks({ DiskIds: JSON.stringify([id]) });
      if (!found) throw new Error(`no disk ${id}`);
      return found;
    },
    async stoppedInstance() {
      const [seeded] = await instances();
      const { InstanceId } = await call('CreateInstance', {
        ZoneId: String(seeded?.ZoneId),
        ImageId: String(seeded?.ImageId),
        InstanceType: String(seeded?.InstanceType),
        SecurityGroupId: String(seeded?.SecurityGroupIds.SecurityGroupId[0]),
        VSwitchId: String(seeded?.VpcAttributes.VSwitchId),
      });
      simulator.advance(DURATIONS.instanceCreate);
      return String(InstanceId);
    },
  };
  return world;
}
