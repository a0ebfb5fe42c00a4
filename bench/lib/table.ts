/** A result table, printed as Markdown so the recorded run pastes into bench/README.md. */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly (string | number)[]>;
  /** Lines printed under the table: how to read it, what was skipped. */
  readonly notes?: readonly string[];
}

/** A number as a table shows it: integers as they are, others to 3 significant digits (whole above 100). */
export function cell(value: string | number): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

export function renderTable(table: Table): string {
  const body = table.rows.map((row) => row.map(cell));
  for (const row of body)
    if (row.length !== table.columns.length)
      throw new RangeError(
        `${table.title}: a row has ${row.length} cells for ${table.columns.length} columns`,
      );
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...body.map((row) => (row[index] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  const notes = (table.notes ?? []).map((note) => `\n${note}`).join('');
  return `**${table.title}**\n\n${[line(table.columns), rule, ...body.map(line)].join('\n')}\n${notes}`;
}
