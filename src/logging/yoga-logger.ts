import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Yoga's logger interface over pino. Yoga writes `(message, ...values)` or a single
 * value (a described error, see redactingLogger); pino takes `(fields, message)`:
 * - a string first: the message, with any further values under `args`;
 * - a described error (name and message): under `error`, its message the line's;
 * - fields then a message (our own plugins): as they are.
 */
export function yogaLoggerOver(logger: Logger): YogaLogger {
  const at =
    (level: Level) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (typeof first === 'string') {
        if (rest.length === 0) logger[level](first);
        else logger[level]({ args: rest }, first);
        return;
      }
      if (isDescribedError(first)) {
        logger[level]({ error: first }, String(first.message));
        return;
      }
      if (first !== null && typeof first === 'object' && typeof rest[0] === 'string') {
        logger[level](first, rest[0]);
        return;
      }
      logger[level]({ args });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function isDescribedError(value: unknown): value is { name: unknown; message: unknown } {
  return value !== null && typeof value === 'object' && 'name' in value && 'message' in value;
}
