import type { IncomingHttpHeaders } from 'node:http';
import { API_VERSION } from '../signature/v1.js';
import type { AnyAction } from '../spec/action.js';
import { ACTIONS } from '../spec/catalog.js';
import {
  ACS3_ALGORITHM,
  ACS3_REQUIRED_SIGNED_HEADERS,
  type Acs3Authorization,
  parseAcs3Authorization,
  verifyAcs3,
} from './acs3.js';
import { ServiceError } from './backend.js';
import type { NonceRegistry } from './nonces.js';
import type { ResponseFormat } from './serialize.js';
import { parseTimestamp, verifySignatureV1 } from './verify.js';

/**
 * The ECS RPC protocol up to the backend: the request's parameters, decoded, and the
 * public parameters checked in one fixed order (reference, "Public Parameters" and
 * "Public Error Codes"):
 *
 *  0. UnsupportedHTTPMethod (403): anything but GET and POST;
 *  1. MissingParameter: Action, AccessKeyId, Signature, Timestamp (or the reference
 *     example's TimeStamp), Version, then SignatureMethod, SignatureVersion, SignatureNonce;
 *     then InvalidParameter for a Format other than XML or JSON;
 *  2. InvalidParameter "Action or Version": an undeclared action or another version;
 *  3. InvalidAccessKeyId.NotFound;
 *  4. InvalidParameter SignatureMethod / SignatureVersion (they must be known before a
 *     signature can be computed with them);
 *  5. IllegalTimestamp: malformed, or further than the window from the server clock;
 *  6. SignatureDoesNotMatch: a signature that does not verify;
 *  7. SignatureNonceUsed: a nonce this AccessKeyId used within the window. Only a
 *     request whose signature verified records its nonce, so nobody can burn another
 *     caller's nonces.
 *
 * A request with an `Authorization: ACS3-…` header is checked the same way with its
 * x-acs-* headers; an Authorization header that cannot be parsed, or that leaves a
 * required header unsigned, is IncompleteSignature.
 */

/** An HTTP request, read whole, with its parameters decoded. */
export interface WireRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** Header names are lowercase, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The query string's parameters, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Query and form-body parameters together, decoded: what a v1 signature covers. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const publicErrors = {
  missing(name: string): ServiceError {
    // The reference's table words the Signature case differently from the others.
    const message =
      name === 'Signature'
        ? 'An input parameter "Signature" that is mandatory for processing the request is not supplied.'
        : `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;
    return new ServiceError('MissingParameter', message, 400);
  },
  invalid(name: string, rule: string): ServiceError {
    return new ServiceError(
      'InvalidParameter',
      `The specified parameter "${name}" is not valid: ${rule}.`,
      400,
    );
  },
  actionOrVersion(): ServiceError {
    return new ServiceError(
      'InvalidParameter',
      'The specified parameter "Action or Version" is not valid.',
      400,
    );
  },
  accessKeyNotFound(): ServiceError {
    return new ServiceError(
      'InvalidAccessKeyId.NotFound',
      'The Access Key ID provided does not exist in our records.',
      400,
    );
  },
  illegalTimestamp(rule: string): ServiceError {
    return new ServiceError(
      'IllegalTimestamp',
      `The specified parameter "Timestamp" is not valid: ${rule}.`,
      400,
    );
  },
  incompleteSignature(rule: string): ServiceError {
    return new ServiceError(
      'IncompleteSignature',
      `The request signature does not conform to Aliyun standards: ${rule}.`,
      400,
    );
  },
  signatureDoesNotMatch(): ServiceError {
    return new ServiceError(
      'SignatureDoesNotMatch',
      'Specified signature is not matched with our calculation.',
      400,
    );
  },
  nonceUsed(): ServiceError {
    return new ServiceError('SignatureNonceUsed', 'The request signature nonce has been used.', 400);
  },
  unsupportedHttpMethod(): ServiceError {
    return new ServiceError('UnsupportedHTTPMethod', 'This http method is not supported.', 403);
  },
  duplicate(name: string): ServiceError {
    return publicErrors.invalid(name, 'it is given more than once');
  },
} as const;

/**
 * Decodes the query and, for a form POST, the body. A parameter given twice is refused:
 * the signature would not say which one was meant.
 */
export function readWireRequest(
  method: string,
  target: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): WireRequest {
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const query = decodeForm(mark < 0 ? '' : target.slice(mark + 1), {});
  const isForm = (headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
  const params = isForm && body.length > 0 ? decodeForm(body.toString('utf8'), { ...query }) : query;
  return { method, path: path || '/', headers, query, params, body };
}

// URLSearchParams decodes as a form does (`+` is a space), as servlet containers decode
// ECS queries too; the SDKs escape a literal plus as %2B.
function decodeForm(text: string, into: Record<string, string>): Record<string, string> {
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(into, name)) throw publicErrors.duplicate(name);
    into[name] = value;
  }
  return into;
}

function header(request: WireRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isAcs3(request: WireRequest): boolean {
  return /^ACS3-/i.test(header(request, 'authorization') ?? '');
}

/** JSON for ACS3 calls and for `Format=JSON` (any case); XML, the API default, otherwise. */
export function responseFormat(request: WireRequest): ResponseFormat {
  if (isAcs3(request)) return 'JSON';
  return request.params.Format?.toUpperCase() === 'JSON' ? 'JSON' : 'XML';
}

/** The action a request names, before any check: for counting and routing. */
export function claimedAction(request: WireRequest): string | undefined {
  return isAcs3(request) ? header(request, 'x-acs-action') : request.params.Action;
}

/** What a request says about itself, in either signature scheme, before anything is checked. */
interface Claim {
  /** Public parameters in the order they are reported missing, each with the name it is reported by. */
  readonly required: ReadonlyArray<readonly [name: string, value: string | undefined]>;
  readonly action: string;
  readonly version: string;
  readonly accessKeyId: string;
  readonly timestamp: string;
  readonly nonce: string;
  /** Step 4: the scheme's own parameters; throws ServiceError. */
  checkScheme(): void;
  verify(accessKeySecret: string): boolean;
}

function signatureV1Claim(request: WireRequest): Claim {
  const p = request.params;
  const timestamp = p.Timestamp ?? p.TimeStamp;
  return {
    required: [
      ['Action', p.Action],
      ['AccessKeyId', p.AccessKeyId],
      ['Signature', p.Signature],
      // The reference's table names it TimeStamp, as its signature example spells it.
      ['TimeStamp', timestamp],
      ['Version', p.Version],
      ['SignatureMethod', p.SignatureMethod],
      ['SignatureVersion', p.SignatureVersion],
      ['SignatureNonce', p.SignatureNonce],
    ],
    action: p.Action ?? '',
    version: p.Version ?? '',
    accessKeyId: p.AccessKeyId ?? '',
    timestamp: timestamp ?? '',
    nonce: p.SignatureNonce ?? '',
    checkScheme() {
      if (p.SignatureMethod !== 'HMAC-SHA1')
        throw publicErrors.invalid(
          'SignatureMethod',
          'HMAC-SHA1 is the only method of signature version 1.0',
        );
      if (p.SignatureVersion !== '1.0') throw publicErrors.invalid('SignatureVersion', 'it must be 1.0');
    },
    verify: (secret) =>
      (request.method === 'GET' || request.method === 'POST') &&
      verifySignatureV1(request.method, p, p.Signature ?? '', secret),
  };
}

function acs3Claim(request: WireRequest): Claim {
  const authorization: Acs3Authorization | undefined = parseAcs3Authorization(
    header(request, 'authorization') ?? '',
  );
  if (!authorization)
    throw publicErrors.incompleteSignature(
      'the Authorization header must read "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>"',
    );
  const action = header(request, 'x-acs-action');
  const version = header(request, 'x-acs-version');
  const timestamp = header(request, 'x-acs-date');
  const nonce = header(request, 'x-acs-signature-nonce');
  return {
    required: [
      ['x-acs-action', action],
      ['x-acs-date', timestamp],
      ['x-acs-version', version],
      ['x-acs-signature-nonce', nonce],
    ],
    action: action ?? '',
    version: version ?? '',
    accessKeyId: authorization.accessKeyId,
    timestamp: timestamp ?? '',
    nonce: nonce ?? '',
    checkScheme() {
      if (authorization.algorithm !== ACS3_ALGORITHM)
        throw publicErrors.invalid('SignatureMethod', `${ACS3_ALGORITHM} and HMAC-SHA1 are supported`);
      const unsigned = ACS3_REQUIRED_SIGNED_HEADERS.filter(
        (name) => !authorization.signedHeaders.includes(name),
      );
      if (unsigned.length > 0)
        throw publicErrors.incompleteSignature(`SignedHeaders must include ${unsigned.join(', ')}`);
    },
    verify: (secret) => verifyAcs3(request, authorization, secret),
  };
}

export interface AuthenticationContext {
  /** AccessKeyId to AccessKeySecret. */
  readonly accounts: ReadonlyMap<string, string>;
  readonly now: () => Date;
  /** How far a request's timestamp may be from the server clock, either way, ms. */
  readonly timestampWindowMs: number;
  readonly nonces: NonceRegistry;
}

export interface AuthenticatedCall {
  readonly action: AnyAction;
  readonly accessKeyId: string;
}

/** Runs the public-parameter checks in the documented order; throws the first failure as a ServiceError. */
export function authenticate(request: WireRequest, context: AuthenticationContext): AuthenticatedCall {
  if (request.method !== 'GET' && request.method !== 'POST') throw publicErrors.unsupportedHttpMethod();
  const claim = isAcs3(request) ? acs3Claim(request) : signatureV1Claim(request);

  for (const [name, value] of claim.required) if (!value) throw publicErrors.missing(name);
  const format = request.params.Format;
  if (format !== undefined && !/^(xml|json)$/i.test(format))
    throw publicErrors.invalid('Format', 'it must be XML or JSON');

  const action = ACTIONS.get(claim.action);
  if (!action || claim.version !== API_VERSION) throw publicErrors.actionOrVersion();

  const secret = context.accounts.get(claim.accessKeyId);
  if (secret === undefined) throw publicErrors.accessKeyNotFound();

  claim.checkScheme();

  const timestamp = parseTimestamp(claim.timestamp);
  if (timestamp === undefined) throw publicErrors.illegalTimestamp('it must be UTC as YYYY-MM-DDThh:mm:ssZ');
  const window = context.timestampWindowMs;
  if (Math.abs(timestamp - context.now().getTime()) > window)
    throw publicErrors.illegalTimestamp(
      `it must be within ${Math.round(window / 60_000)} minutes of the server time`,
    );

  if (!claim.verify(secret)) throw publicErrors.signatureDoesNotMatch();

  if (!context.nonces.claim(claim.accessKeyId, claim.nonce, timestamp + window))
    throw publicErrors.nonceUsed();

  return { action, accessKeyId: claim.accessKeyId };
}
