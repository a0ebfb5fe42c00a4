import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountRoute, locksRoute } from './account-endpoints.js';
import { ControlError, type SimulatorBackend } from './backend.js';
import { FaultConfigError, type FaultInjector } from './faults.js';
import { readBody } from './read-body.js';
import { CONTENT_TYPES } from './serialize.js';
import type { SimulatorStats } from './stats.js';

/**
 * `/__simulator/*`, outside the ECS protocol and unsigned: stats, faults, reset,
 * snapshot failure and account states (arrears, quotas, instance locks), as JSON. An unknown path is 404, a known path with another method
 * 405 with `Allow`.
 */

export interface ControlEndpointsOptions {
  readonly backend: SimulatorBackend;
  readonly stats: SimulatorStats;
  readonly faults: FaultInjector;
}

type Route = Record<string, () => Promise<void> | void>;

/** `POST /__simulator/snapshots/<id>/fail`: one path segment of id. */
const FAIL_SNAPSHOT_PATH = /^\/__simulator\/snapshots\/([^/]+)\/fail$/;

export function controlEndpoints(
  options: ControlEndpointsOptions,
): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  return async (req, res, path) => {
    const json = jsonWriter(res);
    const route =
      fixedRoutes(req, json, options)[path] ??
      failSnapshotRoute(path, json, options.backend) ??
      locksRoute(path, req, json, options.backend);
    if (!route) return json(404, { error: `No simulator control endpoint at ${path}.` });
    const handler = route[req.method ?? ''];
    if (!handler) {
      const allowed = Object.keys(route).join(', ');
      return json(405, { error: `${path} accepts ${allowed}.` }, { allow: allowed });
    }
    await handler();
  };
}

type Json = (status: number, value: unknown, headers?: Record<string, string>) => void;

function jsonWriter(res: ServerResponse): Json {
  return (status, value, headers = {}) => {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': CONTENT_TYPES.JSON,
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };
}

function fixedRoutes(
  req: IncomingMessage,
  json: Json,
  { backend, stats, faults }: ControlEndpointsOptions,
): Record<string, Route> {
  return {
    '/__simulator/stats': { GET: () => json(200, stats.snapshot()) },
    '/__simulator/reset-stats': {
      POST: () => {
        stats.reset();
        json(200, stats.snapshot());
      },
    },
    '/__simulator/faults': {
      GET: () => json(200, faults.settings),
      PUT: () => configureFaults(req, json, faults),
    },
    '/__simulator/account': accountRoute(req, json, backend),
    '/__simulator/reset': {
      POST: () => {
        if (!backend.reset) return json(501, { error: 'This simulator backend cannot be reset.' });
        backend.reset();
        json(200, { reset: true });
      },
    },
  };
}

/** `PUT /__simulator/faults`: a JSON object of settings, merged into the current ones. */
async function configureFaults(req: IncomingMessage, json: Json, faults: FaultInjector): Promise<void> {
  let patch: unknown;
  try {
    patch = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return json(400, { error: 'The body must be a JSON object of fault settings.' });
  }
  try {
    json(200, faults.configure(patch));
  } catch (error) {
    if (!(error instanceof FaultConfigError)) throw error;
    json(400, { error: error.message, problems: error.problems });
  }
}

/** `POST /__simulator/snapshots/<id>/fail`, when the path has that shape. */
function failSnapshotRoute(path: string, json: Json, backend: SimulatorBackend): Route | undefined {
  const encoded = FAIL_SNAPSHOT_PATH.exec(path)?.[1];
  if (encoded === undefined) return undefined;
  return {
    POST: () => {
      if (!backend.failSnapshot) return json(501, { error: 'This simulator backend cannot fail snapshots.' });
      let snapshotId: string;
      try {
        snapshotId = decodeURIComponent(encoded);
      } catch {
        return json(404, { error: `No snapshot ${encoded} in the simulator.` });
      }
      try {
        json(200, backend.failSnapshot(snapshotId));
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        json(error.httpStatus, { error: error.message });
      }
    },
  };
}
