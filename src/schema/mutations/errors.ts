import type { EcsError } from '../../ecs/errors.js';
import type { ErrorSpec } from '../../spec/action.js';
import { builder } from '../builder.js';
import { redactSecrets } from '../errors.js';

/**
 * The expected failures of a mutation, answered as data in its result union
 * (`@pothos/plugin-errors`). Only these classes are registered with the plugin: any
 * other error (a transport failure after retries, a bug) stays a GraphQL error and
 * goes through masking.
 */
export class MutationError extends Error {}

/** One broken input rule, named by its GraphQL input path. */
export interface InputProblem {
  /** The input path: `input.tags[1].key`. */
  readonly field: string;
  /** The rule in words: `must not start with "aliyun" or "acs:"`. */
  readonly rule: string;
  /** The code ECS would have answered: `InvalidTagKey.Malformed`. */
  readonly code: string;
  readonly message: string;
}

/** The input breaks a documented rule; nothing was sent to ECS. */
export class ValidationError extends MutationError {
  override readonly name = 'ValidationError';
  constructor(readonly problems: readonly [InputProblem, ...InputProblem[]]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
}

/** ECS refused the action with a documented (or at least a business) error. */
export class EcsActionError extends MutationError {
  readonly code: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(error: EcsError) {
    super(redactSecrets(error.message));
    this.code = error.code;
    this.requestId = error.requestId;
    this.httpStatus = error.httpStatus;
  }
}

export class EcsIncorrectStateError extends EcsActionError {
  override readonly name = 'EcsIncorrectStateError';
}
export class EcsNotFoundError extends EcsActionError {
  override readonly name = 'EcsNotFoundError';
}
export class EcsQuotaError extends EcsActionError {
  override readonly name = 'EcsQuotaError';
}
export class EcsLockedError extends EcsActionError {
  override readonly name = 'EcsLockedError';
}
export class EcsIdempotencyError extends EcsActionError {
  override readonly name = 'EcsIdempotencyError';
}
export class EcsBusinessError extends EcsActionError {
  override readonly name = 'EcsBusinessError';
}

export type EcsErrorClass = new (error: EcsError) => EcsActionError;

/**
 * The action was sent, its answer was lost (a connection broken after sending, a
 * timeout, a 5xx), and reading the resources afterwards does not show whether ECS
 * acted. Not a refusal: ECS may well have acted.
 */
export class OutcomeUnknownError extends MutationError {
  override readonly name = 'OutcomeUnknownError';
  constructor(
    /** Why the answer was lost: the transport or ECS code of the last attempt (`ConnectionReset`, `Timeout`, `InternalError`). */
    readonly code: string,
    /** The ECS action: `StopInstance`. */
    readonly action: string,
    /** The ids the input names, in input order. */
    readonly resourceIds: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * ECS codes about the request itself (signature, keys, protocol), not about the action
 * asked for: the gateway's configuration is wrong, so they are GraphQL errors.
 */
const PROTOCOL_CODES = new Set([
  'IncompleteSignature',
  'SignatureDoesNotMatch',
  'SignatureNonceUsed',
  'IllegalTimestamp',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'Forbidden.AccessKeyDisabled',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey',
  'UnsupportedHTTPMethod',
  'UnsupportedOperation',
  'InvalidParamater',
  'InvalidOwnerId',
  'InvalidOwnerAccount',
  'InvalidOwner',
]);

/** Whether an ECS answer is a refusal of the action (typed) rather than a protocol failure. */
export function isActionRefusal(error: EcsError): boolean {
  return !error.retryable && !PROTOCOL_CODES.has(error.code);
}

/**
 * The GraphQL error type of an ECS code (and, for codes such as ParameterInvalid that
 * ECS uses for several causes, its status and message).
 */
export function classifyEcsError(code: string, httpStatus?: number, message = ''): EcsErrorClass {
  if (/^Idempotent|^InvalidIdempotenceParameter/.test(code)) return EcsIdempotencyError;
  if (/LockedForSecurity|\.Locked$|^OperationLocked/.test(code)) return EcsLockedError;
  if (/\.NotFound$/.test(code) || (httpStatus === 404 && /does not exist/i.test(message)))
    return EcsNotFoundError;
  if (/QuotaExceed|LimitExceed/.test(code)) return EcsQuotaError;
  if (
    /^Incorrect\w*Stat(us|e)\b|\.NotReady$|^InstanceNotReady$|CreatingSnapshot|CREATING_SNAPSHOT|^DiskError$/.test(
      code,
    )
  )
    return EcsIncorrectStateError;
  return EcsBusinessError;
}

/** The error types a field answers for an action's documented errors, EcsBusinessError always among them. */
export function errorTypesFor(rows: readonly ErrorSpec[], extra: readonly EcsErrorClass[] = []) {
  const classes = new Set<EcsErrorClass>([...extra, EcsBusinessError]);
  for (const row of rows) classes.add(classifyEcsError(row.code, row.httpStatus, row.message));
  return [ValidationError, OutcomeUnknownError, ...ECS_ERROR_CLASSES.filter((type) => classes.has(type))];
}

const MutationErrorInterface = builder.interfaceRef<MutationError>('MutationError').implement({
  description: 'An expected failure of a mutation, answered in its result union instead of a payload.',
  fields: (t) => ({
    message: t.string({
      description: 'What went wrong, in words.',
      resolve: (error) => error.message,
    }),
  }),
});

const ValidationProblemRef = builder.objectRef<InputProblem>('ValidationProblem').implement({
  description: 'One broken input rule.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input path of the value: input.tags[1].key.' }),
    rule: t.exposeString('rule', { description: 'The rule the value breaks, in words.' }),
    code: t.exposeString('code', {
      description:
        'The error code ECS documents for the rule: InvalidTagKey.Malformed, MissingParameter, ...',
    }),
    message: t.exposeString('message', { description: 'The field and the rule in one sentence.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description:
    "The input breaks a rule of the ECS reference (a name's length or first character, a reserved prefix, a range, a duplicate tag key, ...). Checked before ECS is called: nothing was done.",
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    field: t.string({
      description: 'The input path of the first broken rule: input.tags[1].key.',
      resolve: (error) => error.problems[0].field,
    }),
    rule: t.string({
      description: 'The first broken rule, in words.',
      resolve: (error) => error.problems[0].rule,
    }),
    code: t.string({
      description: 'The error code ECS documents for the first broken rule.',
      resolve: (error) => error.problems[0].code,
    }),
    problems: t.field({
      type: [ValidationProblemRef],
      description: 'Every broken rule of the input.',
      resolve: (error) => error.problems,
    }),
  }),
});

builder.objectType(OutcomeUnknownError, {
  name: 'OutcomeUnknownError',
  description:
    'The action was sent but its answer was lost (the connection broke after sending, a timeout, an ECS 5xx), and the resources read afterwards do not show whether ECS acted. Read them before acting again; a retry with the same Idempotency-Key (or clientToken) makes a token-taking action act at most once.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'Why the answer was lost: the code of the last attempt (ConnectionReset, Timeout, DeadlineExceeded, InternalError, ServiceUnavailable, ...).',
    }),
    action: t.exposeString('action', {
      description: 'The ECS action that may have been done: StopInstance, ...',
    }),
    resourceIds: t.exposeStringList('resourceIds', {
      description:
        'The ids of the resources the input names, in input order: what to read before acting again.',
    }),
  }),
});

const EcsActionErrorInterface = builder.interfaceRef<EcsActionError>('EcsActionError').implement({
  description:
    'ECS refused the action (an error it documents for the action). The concrete type says what kind of refusal it is; code is the exact ECS code.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'The ECS error code: IncorrectInstanceStatus, InvalidDiskId.NotFound, ...',
    }),
    requestId: t.string({
      nullable: true,
      description: 'The RequestId of the refused call, for Alibaba Cloud support.',
      resolve: (error) => error.requestId ?? null,
    }),
    httpStatus: t.int({
      nullable: true,
      description: 'The HTTP status ECS answered with.',
      resolve: (error) => error.httpStatus ?? null,
    }),
  }),
});

const KINDS: readonly [EcsErrorClass, string, string][] = [
  [
    EcsIncorrectStateError,
    'EcsIncorrectStateError',
    'The resource is in a status that does not allow the action (IncorrectInstanceStatus, IncorrectDiskStatus, InvalidSnapshotId.NotReady, ...): wait for it to settle, or change it first.',
  ],
  [
    EcsNotFoundError,
    'EcsNotFoundError',
    'A resource the action names does not exist (InvalidInstanceId.NotFound, ...).',
  ],
  [
    EcsQuotaError,
    'EcsQuotaError',
    'A quota or limit would be exceeded (QuotaExceed.Snapshot, InstanceSecurityGroupLimitExceeded, ...).',
  ],
  [
    EcsLockedError,
    'EcsLockedError',
    'The resource is locked, for example for security reasons (InstanceLockedForSecurity).',
  ],
  [
    EcsIdempotencyError,
    'EcsIdempotencyError',
    'The clientToken was used before with other input (IdempotentParameterMismatch), or that call is still being processed.',
  ],
  [
    EcsBusinessError,
    'EcsBusinessError',
    'Any other refusal ECS answered for the action (OperationDenied, ChargeTypeViolation, SnapshotCreatedImage, ...): see code.',
  ],
];

/** The leaf error classes, in the order their types are listed. */
const ECS_ERROR_CLASSES: readonly EcsErrorClass[] = KINDS.map(([type]) => type);

for (const [type, name, description] of KINDS) {
  builder.objectType(type, {
    name,
    description,
    interfaces: [MutationErrorInterface, EcsActionErrorInterface],
    isTypeOf: (value) => value instanceof type,
    fields: () => ({}),
  });
}
