// How many rows of a scrolled list lie below its visible bottom edge, for the "N more files
// below" hint. A row counts as seen once its middle is in view (a row cut by a pixel or two
// by the box's edge is still read).
export function rowsBelow(rows: readonly { top: number; bottom: number }[], visibleBottom: number): number {
  return rows.filter((row) => (row.top + row.bottom) / 2 > visibleBottom).length;
}
