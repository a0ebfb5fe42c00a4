import { defineAction } from '../action.js';
import { documented, instanceNotFound, internalError } from '../documented-errors.js';
import { instanceId } from '../instance-common.js';
import { p, type StringRule } from '../params.js';
import { t } from '../shape.js';

/**
 * The instance's management terminal (VNC): a one-time URL to connect with, and the
 * terminal's password. The reference says "at least 6 characters"; today's API takes
 * exactly 6 letters and digits, which is what both sides check here.
 */

/** Six letters or digits, nothing else. Never says what the value was. */
const vncPassword: StringRule = (value) =>
  /^[A-Za-z0-9]{6}$/.test(value) ? undefined : 'must be 6 characters, letters and digits only';

const regionNotFound = documented(
  'InvalidRegionId.NotFound',
  404,
  'The RegionId provided does not exist in our records.',
  'The specified RegionId does not exist.',
);
const instanceIdMissing = documented(
  'MissingParameter',
  400,
  'The input parameter "InstanceId" that is mandatory for processing this request is not supplied.',
  'InstanceId is not given.',
);

export const DescribeInstanceVncUrl = defineAction({
  name: 'DescribeInstanceVncUrl',
  summary:
    'Returns a one-time URL of the management terminal (VNC) of a Running instance; each call makes a new one, valid for a single connection within 15 seconds.',
  // Repeated freely (each call makes a URL and changes nothing), never served from a cache.
  idempotency: 'read',
  reads: { kind: 'instance', ids: 'InstanceId', oneTime: true },
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the instance.' }),
    InstanceId: instanceId,
  },
  response: {
    /** URL-encoded websocket address, as the console's VNC page takes it in its vncUrl parameter. */
    VncUrl: t.string,
  },
  errors: [
    regionNotFound,
    instanceIdMissing,
    // Not in the 2014 table, but ECS answers it for an unknown instance today.
    instanceNotFound,
    documented(
      'IncorrectInstanceStatus',
      403,
      'The current status of the resource does not support this operation.',
      'The instance is not Running.',
    ),
    internalError,
  ],
});

export const ModifyInstanceVncPasswd = defineAction({
  name: 'ModifyInstanceVncPasswd',
  summary:
    "Sets the password of an instance's management terminal (VNC); the instance must be Running or Stopped. The password is never returned.",
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the instance.' }),
    InstanceId: instanceId,
    VncPassword: p.string({
      required: true,
      check: vncPassword,
      code: 'IncorrectVncPassword.Malformed',
      doc: 'The new VNC password: 6 characters, upper or lower case letters and digits, no other characters.',
    }),
  },
  response: {},
  errors: [
    regionNotFound,
    instanceIdMissing,
    // Not in the 2014 table, but ECS answers it for an unknown instance today.
    instanceNotFound,
    // The reference spells this code State, not Status.
    documented(
      'IncorrectInstanceState',
      403,
      'The current status of the resource does not support this operation.',
      'The instance is neither Running nor Stopped.',
    ),
    internalError,
    documented(
      'IncorrectVncPassword.Malformed',
      400,
      'The specified parameter "VncPassword" is not valid.',
      'The VncPassword is not 6 letters and digits.',
    ),
  ],
});
