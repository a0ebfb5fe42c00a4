import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyAction } from '../spec/action.js';
import { ACTIONS } from '../spec/catalog.js';
import type { ApiLimits } from '../spec/limits.js';
import { ServiceError, type SimulatorBackend } from './backend.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { paramsUnder } from './page-tokens.js';
import { parseParams, WireParamError } from './parse-params.js';
import {
  type AuthenticatedCall,
  type AuthenticationContext,
  authenticate,
  claimedAction,
  readWireRequest,
  responseFormat,
  type WireRequest,
} from './protocol.js';
import { readBody } from './read-body.js';
import { CONTENT_TYPES, type ResponseFormat, serializeError, serializeResult } from './serialize.js';
import type { CallOutcome, SimulatorStats } from './stats.js';

/**
 * The ECS protocol endpoint: one call from the wire to the answer. The request is read,
 * delayed by the injected latency, authenticated, then faulted or parsed with its
 * action's declaration and handed to the backend; the answer is XML or JSON as asked,
 * and every call of a known action is counted by outcome.
 */

export interface SimulatorLogger {
  /** An unexpected failure; answered to the client as InternalError without detail. */
  error(message: string, error: unknown): void;
}

export interface EcsEndpointOptions {
  readonly backend: SimulatorBackend;
  readonly limits: ApiLimits;
  readonly auth: AuthenticationContext;
  readonly stats: SimulatorStats;
  readonly faults: FaultInjector;
  readonly requestId: () => string;
  readonly logger: SimulatorLogger;
  readonly sleep: (ms: number) => Promise<void>;
}

const DEFAULT_HOST_ID = 'ecs.aliyuncs.com';

const INTERNAL_ERROR_MESSAGE =
  'The request processing has failed due to some unknown error, exception or failure.';

const FAULT_ERRORS = {
  throttling: () => new ServiceError('Throttling', 'Request was denied due to request throttling.', 400),
  serviceUnavailable: () =>
    new ServiceError(
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
      503,
    ),
  internalError: () => new ServiceError('InternalError', INTERNAL_ERROR_MESSAGE, 500),
} as const;

type ErrorFault = keyof typeof FAULT_ERRORS;

function isErrorFault(fault: FaultKind | undefined): fault is ErrorFault {
  return fault === 'throttling' || fault === 'serviceUnavailable' || fault === 'internalError';
}

export function ecsEndpoint(
  options: EcsEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { stats, faults, logger } = options;
  return async (req, res) => {
    stats.countRequest();
    const writer = answerWriter(res, options.requestId(), req.headers.host || DEFAULT_HOST_ID);
    const body = await readBody(req);
    let format: ResponseFormat = 'XML';
    let actionName: string | undefined;
    let outcome: CallOutcome;
    try {
      const wire = readWireRequest(req.method ?? '', req.url ?? '/', req.headers, body);
      format = responseFormat(wire);
      actionName = claimedAction(wire);
      const delay = faults.nextDelayMs();
      if (delay > 0) await options.sleep(delay);
      const call = authenticate(wire, options.auth);
      const fault = faults.nextFault();
      if (fault === 'drop') {
        req.socket.destroy();
        outcome = 'faulted';
      } else if (isErrorFault(fault)) {
        answerFault(fault, writer, format, faults);
        outcome = 'faulted';
      } else {
        const answer = await act(call, wire, writer.requestId, format, options);
        if (fault === 'dropAfterActing') {
          req.socket.destroy();
          outcome = 'faulted';
        } else {
          writer.reply(200, format, answer);
          outcome = 'succeeded';
        }
      }
    } catch (error) {
      writer.replyError(toServiceError(error, writer.requestId, logger), format);
      outcome = 'failed';
    }
    if (actionName !== undefined && ACTIONS.has(actionName)) stats.countCall(actionName, outcome);
  };
}

interface AnswerWriter {
  readonly requestId: string;
  reply(status: number, format: ResponseFormat, body: string, headers?: Record<string, string>): void;
  replyError(error: ServiceError, format: ResponseFormat, headers?: Record<string, string>): void;
}

function answerWriter(res: ServerResponse, requestId: string, hostId: string): AnswerWriter {
  const reply: AnswerWriter['reply'] = (status, format, body, headers = {}) => {
    res.writeHead(status, {
      'content-type': CONTENT_TYPES[format],
      'content-length': Buffer.byteLength(body),
      'x-acs-request-id': requestId,
      ...headers,
    });
    res.end(body);
  };
  return {
    requestId,
    reply,
    replyError: (error, format, headers) =>
      reply(
        error.httpStatus,
        format,
        serializeError({ requestId, hostId, code: error.code, message: error.message }, format),
        headers,
      ),
  };
}

/** An injected error in place of the call; throttling carries the configured Retry-After, if any. */
function answerFault(
  fault: ErrorFault,
  writer: AnswerWriter,
  format: ResponseFormat,
  faults: FaultInjector,
): void {
  const { retryAfterMs } = faults.settings;
  const headers: Record<string, string> =
    fault === 'throttling' && retryAfterMs !== null ? { 'x-acs-retry-after': String(retryAfterMs) } : {};
  writer.replyError(FAULT_ERRORS[fault](), format, headers);
}

/** The call itself: its parameters parsed by its declaration, handled by the backend, serialized. */
async function act(
  call: AuthenticatedCall,
  wire: WireRequest,
  requestId: string,
  format: ResponseFormat,
  { backend, limits }: EcsEndpointOptions,
): Promise<string> {
  if (!backend.has(call.action.name))
    throw new ServiceError(
      'UnsupportedOperation',
      `The specified action is not supported: the simulator has no handler for ${call.action.name}.`,
      400,
    );
  const input = parseParams(paramsUnder(call.action, limits), wire.params, limits);
  const result = await backend.handle(call.action, input, {
    accessKeyId: call.accessKeyId,
    requestId,
    regionId: requestRegion(call.action, input, wire.params),
  });
  return serializeResult(call.action, result, requestId, format);
}

/** ServiceError as is, a WireParamError as its first problem, anything else as a logged InternalError. */
function toServiceError(error: unknown, requestId: string, logger: SimulatorLogger): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof WireParamError) {
    const { code, message, httpStatus } = error.first;
    return new ServiceError(code, message, httpStatus);
  }
  logger.error(`The simulator failed a call (RequestId ${requestId}).`, error);
  return new ServiceError('InternalError', INTERNAL_ERROR_MESSAGE, 500);
}

/**
 * The region a request names: the action's own region parameter, else the common
 * RegionId a client sends to an endpoint serving every region (this one); undefined
 * when it names none.
 */
function requestRegion(
  action: AnyAction,
  input: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, string>>,
): string | undefined {
  const own = action.regionParam === undefined ? undefined : input[action.regionParam];
  if (typeof own === 'string') return own;
  const common = params.RegionId;
  return common === undefined || common === '' ? undefined : common;
}
