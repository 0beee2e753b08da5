// Adds text rows to an exceljs worksheet with typed cells (see cells.ts).
import type ExcelJS from 'exceljs';
import { type TypedCell, typedCell } from './cells.ts';

export function addTypedRow(
  sheet: ExcelJS.Worksheet,
  texts: string[],
  type: (text: string) => TypedCell = typedCell,
): ExcelJS.Row {
  const typed = texts.map((text) => type(text));
  const row = sheet.addRow(typed.map((cell) => cell.value));
  typed.forEach((cell, index) => {
    if (cell.numFmt) row.getCell(index + 1).numFmt = cell.numFmt;
  });
  return row;
}
