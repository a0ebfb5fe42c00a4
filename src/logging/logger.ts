import { type Logger, pino } from 'pino';
import type { LogFormat, LogLevel } from '../config/settings.js';
import { redact } from '../ecs/errors.js';
import { redactSecretsInJsonLine } from '../schema/errors.js';
import { type LineSink, prettyStream } from './pretty.js';
import { currentRequestId } from './request-scope.js';

export type { Logger } from 'pino';

/** `json`: one JSON object a line, for collectors; `pretty`: for people at a terminal. */
export type { LogFormat } from '../config/settings.js';

export interface GatewayLoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** Where lines go. Default process.stdout, written synchronously. */
  readonly sink?: LineSink;
  /** ANSI colours in the pretty format. Default: whether stdout is a terminal. */
  readonly colour?: boolean;
  /**
   * Values no line may show, whatever field holds them (the AccessKey secret, the
   * security token, the gateway token); replaced by `[redacted]`.
   */
  readonly secrets?: readonly (string | undefined)[];
  /** Epoch ms of each line's `time`. Default Date.now. */
  readonly now?: () => number;
}

/**
 * The process's logger (pino: fast JSON lines, levels, child loggers and a write hook,
 * which our own code would otherwise have to grow). Every line:
 * - has `level` (a name), `time` (ISO 8601, UTC), `msg`, and `reqId` when written
 *   while serving a request (see request-scope.ts);
 * - passes through secret redaction as a whole, after serialisation, so a secret is
 *   caught whatever field or nested object it hides in.
 */
export function createGatewayLogger(options: GatewayLoggerOptions): Logger {
  const sink = options.sink ?? process.stdout;
  const stream =
    options.format === 'pretty'
      ? prettyStream(sink, { colour: options.colour ?? process.stdout.isTTY === true })
      : sink;
  const secrets = (options.secrets ?? []).filter((secret): secret is string => !!secret);
  const now = options.now ?? Date.now;
  return pino(
    {
      level: options.level,
      // No pid and hostname on every line: the platform that collects the lines knows them.
      base: undefined,
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId === undefined ? {} : { reqId };
      },
      hooks: { streamWrite: (line) => scrub(line, secrets) },
    },
    { write: (line: string) => stream.write(line) },
  );
}

/** Removes secret values, in any encoding they take in JSON or a URL, and secret-looking fields. */
function scrub(line: string, secrets: readonly string[]): string {
  const forms = secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  return redactSecretsInJsonLine(redact(line, forms));
}
