// Aligned plain-text tables: each column as wide as its widest cell (escape sequences not counted).
import { visibleLength } from './colors.js';

/**
 * Renders rows under a header as aligned columns separated by two spaces; the last column is not padded.
 *
 * @example
 * ```ts
 * formatTable(['USER', 'ROLES'], [['ada', 'admin']]); // 'USER  ROLES\nada   admin\n'
 * ```
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => visibleLength(row[column] ?? ''))));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => {
        if (column === row.length - 1) return cell;
        return cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - visibleLength(cell)));
      })
      .join('  ')
      .trimEnd();
  return `${all.map(line).join('\n')}\n`;
}
