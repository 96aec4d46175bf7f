import { escapeControls } from './escape.js';

export type Cell = string | number | null | undefined;

/** Left-aligned columns separated by two spaces; numbers right-aligned; empty cells as "-". */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i]!.length)));
  const line = (cells: readonly string[], isHeader: boolean) =>
    cells
      .map((cell, i) => {
        const last = i === cells.length - 1;
        if (numeric[i] && !isHeader) return cell.padStart(widths[i]!);
        return last ? cell : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(headers, true), ...text.map((row) => line(row, false))].join('\n');
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  return escapeControls(String(cell));
}
