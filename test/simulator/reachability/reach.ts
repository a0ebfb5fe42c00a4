import type { Simulator } from '../../../src/simulator/index.js';
import { REGION, signedGet } from '../integration-support.js';

/**
 * The format of the reachability table's scenarios. Each `<domain>.reach.ts` beside
 * this file exports `reach` (how to produce a documented error over the wire) and
 * `unreachable` (documented errors the simulator deliberately cannot produce, with why).
 */

export type Body = Record<string, unknown> & { Code?: string };
export type Params = Record<string, string>;

export interface Reach {
  /** The action whose documented error the final call produces. */
  readonly action: string;
  readonly code: string;
  /** Which documented row, when the action documents the code under several HTTP statuses. */
  readonly httpStatus?: number;
  /** The final call's parameters, or a function that builds the state first and returns them. */
  readonly params: Params | ((world: ReachWorld) => Promise<Params>);
}

export interface Unreachable {
  readonly action: string;
  readonly code: string;
  /** Why the simulator cannot produce it; the README lists it word for word. */
  readonly reason: string;
}

export interface Seeded {
  readonly instanceIds: readonly string[];
  readonly diskIds: readonly string[];
  readonly snapshotIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

/** What a scenario may do to build its state; the simulator is reset before each scenario. */
export interface ReachWorld {
  readonly simulator: Simulator;
  readonly regionId: string;
  /** A zone of the region where the seed placed instances. */
  readonly zoneId: string;
  /** A signed JSON GET over the wire; RegionId defaults to the seeded region (`RegionId: ''` leaves it out). */
  ask(action: string, params?: Params): Promise<{ status: number; body: Body }>;
  /** As `ask`, failing the scenario unless ECS answers 200; the answer's body. */
  ok(action: string, params?: Params): Promise<Body>;
  /** A call to the simulator's control API (`/__simulator/...`), JSON in and out. */
  control(method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }>;
  /** Moves the simulator's manual clock. */
  advance(ms: number): void;
  /** The ids the seed put in the region, as DescribeInstances/Disks/Snapshots/SecurityGroups list them. */
  seeded(): Promise<Seeded>;
}

export function reachWorld(simulator: Simulator, zoneId: string): ReachWorld {
  const ask: ReachWorld['ask'] = async (action, params = {}) => {
    const { RegionId = REGION, ...rest } = params;
    const region: Params = RegionId === '' ? {} : { RegionId };
    const answer = await signedGet(simulator, { Action: action, Format: 'JSON', ...region, ...rest });
    return { status: answer.status, body: JSON.parse(answer.body) as Body };
  };
  const ok: ReachWorld['ok'] = async (action, params) => {
    const { status, body } = await ask(action, params);
    if (status !== 200) throw new Error(`${action} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  return {
    simulator,
    regionId: REGION,
    zoneId,
    ask,
    ok,
    async control(method, path, json) {
      const response = await fetch(`${simulator.url}${path}`, {
        method,
        ...(json === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
      });
      return { status: response.status, body: await response.json() };
    },
    advance: (ms) => simulator.advance(ms),
    async seeded() {
      const list = async (action: string, listKey: string, itemKey: string, idKey: string) => {
        const body = await ok(action, { PageSize: '50' });
        const items =
          (body[listKey] as Record<string, Record<string, unknown>[]> | undefined)?.[itemKey] ?? [];
        return items.map((item) => String(item[idKey]));
      };
      return {
        instanceIds: await list('DescribeInstances', 'Instances', 'Instance', 'InstanceId'),
        diskIds: await list('DescribeDisks', 'Disks', 'Disk', 'DiskId'),
        snapshotIds: await list('DescribeSnapshots', 'Snapshots', 'Snapshot', 'SnapshotId'),
        securityGroupIds: await list(
          'DescribeSecurityGroups',
          'SecurityGroups',
          'SecurityGroup',
          'SecurityGroupId',
        ),
      };
    },
  };
}
