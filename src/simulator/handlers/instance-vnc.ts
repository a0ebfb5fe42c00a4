import { randomBytes } from 'node:crypto';
import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/instance-vnc.js';
import { instanceStatus } from '../state/instance.js';
import { setVncPassword } from '../state/vnc.js';
import type { DomainContext, Reply } from './context.js';
import { requireInstance, requireRegion, requireStatus } from './guards.js';

// The management terminal of an instance: a URL made afresh for each call and never kept, and its password.

/** A one-time terminal address, URL-encoded as ECS sends it; the host is one no resolver answers. */
function oneTimeVncUrl(regionId: string): string {
  const token = randomBytes(24).toString('base64url');
  return encodeURIComponent(`ws://${regionId}-vncproxy.simulator.invalid/websockify/?s=${token}`);
}

export function DescribeInstanceVncUrl(
  input: ActionInput<typeof api.DescribeInstanceVncUrl>,
  context: DomainContext,
): Reply<typeof api.DescribeInstanceVncUrl> {
  requireRegion(api.DescribeInstanceVncUrl, context.account, input.RegionId);
  const { record } = requireInstance(api.DescribeInstanceVncUrl, context, input.InstanceId);
  requireStatus(api.DescribeInstanceVncUrl, 'IncorrectInstanceStatus', instanceStatus(record, context.now), [
    'Running',
  ]);
  return { VncUrl: oneTimeVncUrl(record.regionId) };
}

export function ModifyInstanceVncPasswd(
  input: ActionInput<typeof api.ModifyInstanceVncPasswd>,
  context: DomainContext,
): Reply<typeof api.ModifyInstanceVncPasswd> {
  requireRegion(api.ModifyInstanceVncPasswd, context.account, input.RegionId);
  const { record } = requireInstance(api.ModifyInstanceVncPasswd, context, input.InstanceId);
  requireStatus(api.ModifyInstanceVncPasswd, 'IncorrectInstanceState', instanceStatus(record, context.now), [
    'Running',
    'Stopped',
  ]);
  setVncPassword(record, input.VncPassword);
  return {};
}
