import type { AnyAction } from '../spec/action.js';
import type { AccountView, InstanceLocksView } from './account-settings.js';

/**
 * The seam between the simulator's protocol layer (HTTP, public parameters,
 * signatures, serialization, faults) and its domain (store, state machines,
 * handlers). The protocol layer parses and validates an action's parameters with
 * its declaration, then hands the typed input to the backend.
 */

/** A documented ECS error: the protocol layer writes it as an XML or JSON error body. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
  }
}

export interface RequestContext {
  /** The caller's AccessKeyId: state is kept per account. */
  readonly accessKeyId: string;
  readonly requestId: string;
  /** The region the request names: the action's region parameter, else the common RegionId. */
  readonly regionId?: string | undefined;
}

export interface SimulatorBackend {
  /** Whether a handler exists; a declared action without one is answered as not implemented. */
  has(actionName: string): boolean;
  /**
   * Runs an action on validated input and returns the response fields (RequestId is
   * added by the protocol layer). Throws ServiceError for documented failures.
   */
  handle(
    action: AnyAction,
    input: Readonly<Record<string, unknown>>,
    context: RequestContext,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Optional: back to the initial state (the simulator's `POST /__simulator/reset`). */
  reset?(): void;
  /**
   * Optional: makes a snapshot still being created fail now, keeping its progress
   * (`POST /__simulator/snapshots/<id>/fail`). Throws ControlError: 404 unknown, 409 finished.
   */
  failSnapshot?(snapshotId: string): FailedSnapshot;
  /**
   * Optional: replaces the OperationLocks set on an instance (`PUT
   * /__simulator/instances/<id>/locks`, body `{"locks": [...]}`). ControlError 404, 400.
   */
  setInstanceLocks?(instanceId: string, body: unknown): InstanceLocksView;
  /** Optional: the account's states (`GET /__simulator/account`). */
  accountState?(): AccountView;
  /** Optional: changes the account's states (`PUT /__simulator/account`). ControlError 400. */
  configureAccount?(body: unknown): AccountView;
}

export interface FailedSnapshot {
  readonly snapshotId: string;
  readonly regionId: string;
  readonly status: 'failed';
  /** Percent done when it failed, as DescribeSnapshots shows it from then on. */
  readonly progress: number;
}

/** A control request the state refuses: answered as JSON `{ error }` with this HTTP status. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    readonly httpStatus: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
