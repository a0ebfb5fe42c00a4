import { hashSeed } from '../random.js';
import type { AccountState } from '../store.js';

/**
 * Public addresses the simulator hands out (EIPs and instances' own): derived from an
 * id, so a seed repeats them, and unique across the account's instances and EIPs.
 */

/** Whether the address is some instance's public address or an EIP of the account. */
export function publicAddressInUse(account: AccountState, address: string): boolean {
  for (const region of account.regions.values()) {
    for (const instance of region.instances.values()) if (instance.publicIpAddress === address) return true;
    for (const eip of region.eips.values()) if (eip.ipAddress === address) return true;
  }
  return false;
}

/** A free public address made from `id`: `first.x.y.z`, the next one on a clash. */
export function newPublicAddress(account: AccountState, id: string, first: number): string {
  for (let attempt = 0; ; attempt += 1) {
    const hash = hashSeed(`${id}:${attempt}`);
    const address = `${first}.${96 + (hash % 32)}.${(hash >>> 8) & 255}.${1 + ((hash >>> 16) % 253)}`;
    if (!publicAddressInUse(account, address)) return address;
  }
}

/** Whether the account is in arrears (`PUT /__simulator/account`): it gets no EIP and no more bandwidth. */
export function accountInArrears(account: AccountState): boolean {
  return account.settings.inArrears;
}
