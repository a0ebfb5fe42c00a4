import { ALL_ACTIONS } from '../../../src/spec/catalog.js';
import type { Reach, Unreachable } from './reach.js';

/**
 * InternalError, which no state produces: the fault injector answers it, before the
 * backend acts, to every call while `internalErrorRate` is 1. The table puts the fault
 * settings back before each scenario, so turning it on here affects this call only.
 * One scenario for every action that documents the code.
 */
export const reach: Reach[] = ALL_ACTIONS.flatMap((action) =>
  action.errors
    .filter((row) => row.code === 'InternalError')
    .map((row) => ({
      action: action.name,
      code: row.code,
      httpStatus: row.httpStatus,
      params: async (world) => {
        const { status } = await world.control('PUT', '/__simulator/faults', { internalErrorRate: 1 });
        if (status !== 200) throw new Error(`the fault settings answered ${status}`);
        return {};
      },
    })),
);

export const unreachable: Unreachable[] = [];
