// How many rows of a scrolled list end below its visible bottom edge (half a pixel of
// rounding allowed), for the "N more files below" hint.
export function rowsBelow(rowBottoms: readonly number[], visibleBottom: number): number {
  return rowBottoms.filter((bottom) => bottom > visibleBottom + 0.5).length;
}
