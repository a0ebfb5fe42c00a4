import type { IncomingMessage } from 'node:http';
import { ControlError, type SimulatorBackend } from './backend.js';
import { readBody } from './read-body.js';

/**
 * The control routes of account states: `GET`/`PUT /__simulator/account` and
 * `GET`/`PUT /__simulator/instances/<InstanceId>/locks`. Bodies are JSON; a
 * ControlError becomes its status with `{ error }`.
 */

type Json = (status: number, value: unknown, headers?: Record<string, string>) => void;
type Route = Record<string, () => Promise<void> | void>;

const LOCKS_PATH = /^\/__simulator\/instances\/([^/]+)\/locks$/;

export function accountRoute(req: IncomingMessage, json: Json, backend: SimulatorBackend): Route {
  return {
    GET: () =>
      answer(json, () => {
        if (!backend.accountState) return unsupported();
        return backend.accountState();
      }),
    PUT: async () => {
      const body = await jsonBody(req, json);
      if (body === NO_BODY) return;
      answer(json, () => {
        if (!backend.configureAccount) return unsupported();
        return backend.configureAccount(body);
      });
    },
  };
}

/** `/__simulator/instances/<id>/locks`, when the path has that shape. */
export function locksRoute(
  path: string,
  req: IncomingMessage,
  json: Json,
  backend: SimulatorBackend,
): Route | undefined {
  const encoded = LOCKS_PATH.exec(path)?.[1];
  if (encoded === undefined) return undefined;
  let instanceId: string | undefined;
  try {
    instanceId = decodeURIComponent(encoded);
  } catch {
    instanceId = undefined;
  }
  const id = instanceId;
  const missing = () => json(404, { error: `No instance ${encoded} in the simulator.` });
  return {
    PUT: async () => {
      if (id === undefined) return missing();
      const body = await jsonBody(req, json);
      if (body === NO_BODY) return;
      answer(json, () => {
        if (!backend.setInstanceLocks) return unsupported();
        return backend.setInstanceLocks(id, body);
      });
    },
  };
}

const NO_BODY = Symbol('no body');

/** The request's JSON body; answers 400 and returns NO_BODY when it is not JSON. */
async function jsonBody(req: IncomingMessage, json: Json): Promise<unknown> {
  try {
    return JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    json(400, { error: 'The body must be JSON.' });
    return NO_BODY;
  }
}

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

function answer(json: Json, act: () => unknown): void {
  try {
    json(200, act());
  } catch (error) {
    if (error instanceof Unsupported) json(501, { error: 'This simulator backend keeps no account states.' });
    else if (error instanceof ControlError) json(error.httpStatus, { error: error.message });
    else throw error;
  }
}
