import {
  type AccountDenials,
  type AccountView,
  DENIAL_NAMES,
  type InstanceLocksView,
  QUOTA_NAMES,
} from './account-settings.js';
import { ControlError } from './backend.js';
import type { DomainRules } from './handlers/context.js';
import { instanceLocks } from './state/account.js';
import { type AccountState, find, type LockReason } from './store.js';

/**
 * The control API's account states: the OperationLocks of an instance and the
 * account's arrears, snapshot service and quotas. Bodies arrive as parsed JSON; a bad
 * one is a ControlError 400 naming the field and the rule.
 */

const LOCK_REASONS: readonly LockReason[] = ['security', 'financial'];
const SETTINGS = ['inArrears', 'snapshotServiceOpened', 'quotas', 'denied'] as const;

function badBody(field: string, rule: string): never {
  throw new ControlError(400, `The field "${field}" is not valid: ${rule}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces the locks set on an instance of the account (an empty list clears them). */
export function setInstanceLocks(
  account: AccountState,
  instanceId: string,
  body: unknown,
): InstanceLocksView {
  const found = find(account, 'instances', instanceId);
  if (!found) throw new ControlError(404, `No instance ${instanceId} in the simulator.`);
  if (!isObject(body)) badBody('locks', 'the body must be a JSON object {"locks": [...]}');
  for (const key of Object.keys(body))
    if (key !== 'locks') badBody(key, 'unknown field; the body takes "locks"');
  const locks = body.locks;
  if (!Array.isArray(locks)) badBody('locks', 'a list of lock reasons (security, financial), [] to clear');
  locks.forEach((reason, index) => {
    if (!LOCK_REASONS.includes(reason as LockReason))
      badBody(`locks[${index}]`, 'one of security, financial');
    if (locks.indexOf(reason) !== index) badBody(`locks[${index}]`, `${String(reason)} is named twice`);
  });
  found.record.operationLocks = [...(locks as LockReason[])];
  return locksView(account, instanceId);
}

export function locksView(account: AccountState, instanceId: string): InstanceLocksView {
  const found = find(account, 'instances', instanceId);
  if (!found) throw new ControlError(404, `No instance ${instanceId} in the simulator.`);
  return {
    instanceId,
    regionId: found.region.regionId,
    locks: [...found.record.operationLocks],
    operationLocks: instanceLocks(account, found.record),
  };
}

/**
 * Changes the fields of the account's settings the body names; `quotas` merges too,
 * a quota given `null` returns to the simulator's rule.
 */
export function configureAccount(account: AccountState, rules: DomainRules, body: unknown): AccountView {
  if (!isObject(body)) badBody('body', 'a JSON object of account settings');
  for (const key of Object.keys(body))
    if (!(SETTINGS as readonly string[]).includes(key))
      badBody(key, `unknown field; the account takes ${SETTINGS.join(', ')}`);
  for (const key of ['inArrears', 'snapshotServiceOpened'] as const)
    if (key in body && typeof body[key] !== 'boolean') badBody(key, 'true or false');
  const quotas = 'quotas' in body ? checkQuotas(body.quotas) : {};
  const denied = 'denied' in body ? checkDenials(body.denied) : {};
  const settings = account.settings;
  settings.denied = { ...settings.denied, ...denied };
  if (typeof body.inArrears === 'boolean') settings.inArrears = body.inArrears;
  if (typeof body.snapshotServiceOpened === 'boolean')
    settings.snapshotServiceOpened = body.snapshotServiceOpened;
  const merged: Record<string, number> = { ...settings.quotas };
  for (const [name, value] of Object.entries(quotas)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  settings.quotas = merged;
  return accountView(account, rules);
}

/** `denied`: some of regions, instanceTypes, diskCategories, each a list that replaces the one held. */
function checkDenials(value: unknown): Partial<AccountDenials> {
  if (!isObject(value)) badBody('denied', `an object of lists (${DENIAL_NAMES.join(', ')})`);
  for (const [name, list] of Object.entries(value)) {
    if (!(DENIAL_NAMES as readonly string[]).includes(name))
      badBody(`denied.${name}`, `unknown list; the lists are ${DENIAL_NAMES.join(', ')}`);
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === ''))
      badBody(`denied.${name}`, 'a list of non-empty strings, [] for none');
  }
  return value as Partial<AccountDenials>;
}

function checkQuotas(value: unknown): Record<string, number | null> {
  if (!isObject(value)) badBody('quotas', `an object of limits (${QUOTA_NAMES.join(', ')})`);
  for (const [name, limit] of Object.entries(value)) {
    if (!(QUOTA_NAMES as readonly string[]).includes(name))
      badBody(`quotas.${name}`, `unknown quota; the quotas are ${QUOTA_NAMES.join(', ')}`);
    if (limit !== null && !(typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0))
      badBody(`quotas.${name}`, 'a whole number of at least 0, or null for the simulator rule');
  }
  return value as Record<string, number | null>;
}

/** The rules in force for the account: the domain's, with the account's quota overrides. */
export function accountRules(account: AccountState, rules: DomainRules): DomainRules {
  return { ...rules, ...account.settings.quotas };
}

export function accountView(account: AccountState, rules: DomainRules): AccountView {
  const { inArrears, snapshotServiceOpened, quotas, denied } = account.settings;
  return {
    accessKeyId: account.accessKeyId,
    inArrears,
    snapshotServiceOpened,
    quotas: { ...quotas },
    denied: {
      regions: [...denied.regions],
      instanceTypes: [...denied.instanceTypes],
      diskCategories: [...denied.diskCategories],
    },
    limits: accountRules(account, rules),
  };
}
