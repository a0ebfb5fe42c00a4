import { p } from './params.js';
import { descriptionParam, hostName, nameParam } from './value-rules.js';

export const instanceId = p.id({ required: true, doc: 'The ID of the instance.' });
export const forceStop = p.bool({
  doc: 'Whether to force the instance off, like pulling the power: data not yet written to disk may be lost. Default false.',
});
export const instanceName = nameParam({
  code: 'InvalidInstanceName.Malformed',
  doc: 'The display name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://. Defaults to the instance ID.',
});
export const instanceDescription = descriptionParam({
  code: 'InvalidDescription.Malformed',
  doc: 'The description: 2 to 256 characters, not starting with http:// or https://.',
});
export const hostNameParam = p.string({
  minLength: 2,
  maxLength: 64,
  check: hostName,
  code: 'InvalidHostName.Malformed',
  doc: 'The host name inside the operating system: at least 2 characters of letters, digits, "." and "-", not starting or ending with "." or "-", without two of them in a row. Windows allows 15 characters and no dots.',
});
export const instanceSecurityGroupId = p.id({ required: true, doc: 'The ID of the security group.' });
export const diskCategories = [
  'cloud',
  'cloud_efficiency',
  'cloud_ssd',
  'cloud_essd',
  'ephemeral_ssd',
] as const;
