/**
 * The human-readable form of the JSON log lines: one line per record,
 * `time LEVEL [request id] message key=value ...`, and a bug's stack below it. A
 * plain synchronous stream, not pino-pretty's worker-thread transport: lines come out
 * in order with the process's other output, and nothing is lost on exit.
 */

/** Where text lines go: process.stdout, or a test's buffer. */
export interface LineSink {
  write(text: string): unknown;
}

const LEVEL_COLOURS: Readonly<Record<string, string>> = {
  trace: '90',
  debug: '36',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '35',
};

// Shown at the start of a line, not repeated among the key=value pairs.
const HEAD_KEYS = new Set(['time', 'level', 'reqId', 'msg', 'error']);

export interface PrettyOptions {
  /** ANSI colours: only when the sink is a terminal. */
  readonly colour: boolean;
}

/** A stream pino writes its JSON lines to, that writes them to `sink` for people. */
export function prettyStream(sink: LineSink, { colour }: PrettyOptions): LineSink {
  return {
    write(line: string) {
      sink.write(formatLine(line, colour));
    },
  };
}

export function formatLine(line: string, colour: boolean): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const paint = (code: string | undefined, text: string) =>
    colour && code ? `\u001b[${code}m${text}\u001b[39m` : text;
  const level = String(record.level ?? 'info');
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const head = [time, paint(LEVEL_COLOURS[level], level.toUpperCase().padEnd(5))];
  if (typeof record.reqId === 'string') head.push(`[${record.reqId}]`);
  if (record.msg !== undefined) head.push(printable(String(record.msg)));
  const pairs = Object.entries(record)
    .filter(([key, value]) => !HEAD_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${paint('90', `${key}=`)}${show(value)}`);
  let text = [...head, ...pairs].join(' ');
  const err = record.error as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const { stack, ...rest } = err;
    text += ` ${paint('90', 'error=')}${show(rest)}`;
    if (typeof stack === 'string') text += `\n${stack.replace(/^/gm, '    ')}`;
  }
  return `${text}\n`;
}

/**
 * A value as it reads best: bare when it is one plain word of printable ASCII, else as
 * JSON, which escapes control characters: a client's text (an operation name) must not
 * reach an operator's terminal as escape sequences or forge a line break.
 */
function show(value: unknown): string {
  if (typeof value === 'string')
    return /^[\x21-\x7e]+$/.test(value) && !/["=]/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A message as it is, unless it holds a control character: then quoted as JSON. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}
