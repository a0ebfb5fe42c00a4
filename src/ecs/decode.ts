import { XMLParser } from 'fast-xml-parser';
import type { ActionResult, AnyAction } from '../spec/action.js';
import type { ObjectShape, Shape } from '../spec/shape.js';
import { EcsTransportError, type ServiceErrorFields } from './errors.js';
import { boolFromText, isBlankText, numberFromText } from './scalar-text.js';
import { readXmlDocument } from './xml-reader.js';

/**
 * Response bodies to typed results, driven by the action's response shape, so that
 * one answer decodes to the same object whether ECS sent it as XML or as JSON.
 */

export type ResponseFormat = 'XML' | 'JSON';

/** What the caller knows of the answer, carried into an InvalidResponse error. */
export interface ResponseContext {
  readonly httpStatus?: number | undefined;
  readonly requestId?: string | undefined;
}

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Values stay the exact text: `2014` stays a string and `  x ` keeps its spaces, as in JSON.
  parseTagValue: false,
  trimValues: false,
  // `&lt;` and numeric references such as `&#169;`; the parser's limits bound DOCTYPE expansion.
  processEntities: true,
  htmlEntities: true,
});

/** The text node fast-xml-parser keeps for whitespace between elements. */
const TEXT_NODE = '#text';

class ShapeMismatch extends Error {}

/**
 * Decodes a successful response body. Throws EcsTransportError `InvalidResponse` when
 * the body is not well formed, its root is not the action's, it lacks the RequestId
 * every ECS answer has, or a value does not fit its declared type.
 */
export function decodeResponse<A extends AnyAction>(
  action: A,
  body: string,
  format: ResponseFormat,
  context: ResponseContext = {},
): ActionResult<A> {
  // The shape-driven reader answers for the XML ECS sends; for anything else, and to
  // word every refusal, fast-xml-parser decodes the body.
  const read =
    format === 'XML' ? readXmlDocument(body, `${action.name}Response`, action.response) : undefined;
  if (read === undefined) return decodeResponseGeneric(action, body, format, context);
  return withRequestId(action, format, context, read);
}

/**
 * decodeResponse through fast-xml-parser alone: the reference the shape-driven reader
 * must match, result for result and refusal for refusal.
 */
export function decodeResponseGeneric<A extends AnyAction>(
  action: A,
  body: string,
  format: ResponseFormat,
  context: ResponseContext = {},
): ActionResult<A> {
  const rootName = `${action.name}Response`;
  const root = format === 'XML' ? xmlRoot(body, rootName) : jsonRoot(body);
  if (root === undefined)
    throw invalid(
      action,
      format,
      context,
      format === 'XML' ? `is not a <${rootName}> document` : 'is not a JSON object',
    );
  let result: Record<string, unknown>;
  try {
    result = decodeObject(action.response, root, '');
  } catch (error) {
    if (error instanceof ShapeMismatch)
      throw invalid(action, format, context, `does not fit the declared shape: ${error.message}`);
    throw error;
  }
  return withRequestId(action, format, context, result);
}

function invalid(action: AnyAction, format: ResponseFormat, context: ResponseContext, problem: string) {
  return new EcsTransportError(
    'InvalidResponse',
    `${action.name}: the ${format} response ${problem}.`,
    context,
  );
}

function withRequestId<A extends AnyAction>(
  action: A,
  format: ResponseFormat,
  context: ResponseContext,
  result: Record<string, unknown>,
): ActionResult<A> {
  if (typeof result.RequestId !== 'string' || result.RequestId === '')
    throw invalid(action, format, context, 'has no RequestId');
  return result as ActionResult<A>;
}

/**
 * Reads an ECS error body, XML `<Error>` or JSON `{"Code": ...}`, whichever it is;
 * undefined when the body is neither (a proxy's HTML page, an empty or cut-off body).
 */
export function decodeErrorBody(body: string): ServiceErrorFields | undefined {
  const start = body.trimStart()[0];
  const root = start === '<' ? xmlRoot(body, 'Error') : start === '{' ? jsonRoot(body) : undefined;
  if (root === undefined || typeof root !== 'object') return undefined;
  const fields = root as Record<string, unknown>;
  const code = text(fields.Code);
  if (code === undefined || code === '') return undefined;
  return {
    code,
    message: text(fields.Message) ?? '',
    requestId: text(fields.RequestId),
    hostId: text(fields.HostId),
    recommend: text(fields.Recommend),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The content of the document's single root element when it has the expected name. */
function xmlRoot(body: string, rootName: string): unknown {
  let document: Record<string, unknown>;
  try {
    // `true` validates first: without it a truncated document parses as a shorter one.
    document = xmlParser.parse(body, true) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const roots = Object.keys(document).filter((name) => name !== TEXT_NODE);
  if (roots.length !== 1 || roots[0] !== rootName) return undefined;
  return document[rootName];
}

function jsonRoot(body: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element with no child elements arrives from XML as a string, often empty or whitespace. */
function isBlank(value: unknown): boolean {
  return value === null || (typeof value === 'string' && isBlankText(value));
}

function decodeObject(shape: ObjectShape, raw: unknown, path: string): Record<string, unknown> {
  if (!isRecord(raw)) {
    // `<Placement/>` or `<Placement>  </Placement>`: an object with nothing in it.
    if (isBlank(raw)) raw = {};
    else throw new ShapeMismatch(`${path || 'the root'} should be an object`);
  }
  const fields = raw as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [name, fieldShape] of Object.entries(shape.fields as Record<string, Shape>)) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const decoded = decodeValue(fieldShape, value, path === '' ? name : `${path}.${name}`);
    if (decoded !== undefined) result[name] = decoded;
  }
  return result;
}

function decodeValue(shape: Shape, raw: unknown, path: string): unknown {
  if (shape.kind === 'list') return decodeList(shape.item, shape.of, raw, path);
  if (raw === undefined || raw === null) return undefined;
  switch (shape.kind) {
    case 'object':
      return decodeObject(shape, raw, path);
    case 'string':
      if (typeof raw === 'string') return raw;
      // JSON sometimes sends ids and owner numbers bare; XML has only text.
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw new ShapeMismatch(`${path} should be a string`);
    case 'int':
    case 'float':
      return decodeNumber(shape.kind, raw, path);
    case 'bool':
      return decodeBool(raw, path);
  }
}

/**
 * A list arrives wrapped in its container: `{"Disks": {"Disk": [...]}}` in JSON,
 * `<Disks><Disk/>...</Disks>` in XML, where one element is not an array, and an
 * empty container is `""`. A bare array is accepted too.
 */
function decodeList(item: string, of: Shape, raw: unknown, path: string): unknown[] {
  if (raw === undefined || isBlank(raw)) return [];
  let items: unknown;
  if (Array.isArray(raw)) items = raw;
  else if (isRecord(raw)) items = Object.hasOwn(raw, item) ? raw[item] : undefined;
  else throw new ShapeMismatch(`${path} should be a list of ${item}`);
  if (items === undefined || items === null) return [];
  const array = Array.isArray(items) ? items : [items];
  return array.map((element, index) => {
    const elementPath = `${path}[${index}]`;
    // A blank element is an empty string or an empty object, never a hole in the list.
    if (of.kind === 'object') return decodeObject(of, element, elementPath);
    if (of.kind === 'string' && element === null) return '';
    const decoded = decodeValue(of, element, elementPath);
    if (decoded === undefined) throw new ShapeMismatch(`${elementPath} is empty`);
    return decoded;
  });
}

/** A JSON number as it is; text per numberFromText. */
function decodeNumber(kind: 'int' | 'float', raw: unknown, path: string): number | undefined {
  if (raw === null) return undefined;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' ? numberFromText(kind, raw) : Number.NaN;
  if (value === undefined) return undefined;
  const valid = kind === 'int' ? Number.isInteger(value) : Number.isFinite(value);
  if (!valid) throw new ShapeMismatch(`${path} should be ${kind === 'int' ? 'an integer' : 'a number'}`);
  return value;
}

function decodeBool(raw: unknown, path: string): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === null) return undefined;
  const value = typeof raw === 'string' ? boolFromText(raw) : null;
  if (value === null) throw new ShapeMismatch(`${path} should be true or false`);
  return value;
}
