// The converter table is plain data and each converter's module loads on first use, in the
// conversion process (electron/localserver/converters/table.ts): the server process that lists
// formats and queues jobs never loads pdf.js, exceljs, sharp or the fonts. That keeps starting
// the desktop's offline server and `ifc --endpoint local` cheap.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConverterTable } from '../../../electron/localserver/index.ts';

function runChild(mode?: 'menus'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'loaded-modules-child.ts'), ...(mode ? [mode] : [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the converter table', () => {
  it('loads every converter it lists, each for its own pair', async () => {
    const table = new ConverterTable({ benchPassThrough: true });
    expect(table.entries().length).toBeGreaterThan(10);
    for (const entry of table.entries()) {
      const converter = await entry.load();
      expect(`${converter.from} -> ${converter.to}`).toBe(`${entry.from} -> ${entry.to}`);
      expect(typeof converter.run).toBe('function');
    }
  });

  it("is all the server's process loads of the converters, while it lists formats and converts", async () => {
    const child = await runChild();
    expect(child.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, '')).toBe('');
    expect(child.code).toBe(0);
    const report = JSON.parse(child.stdout.trim()) as {
      conversions: Record<string, string[]>;
      status: string;
      result: string;
      converterModules: string[];
    };
    expect(report.conversions.pdf).toEqual(['txt', 'xlsx']);
    // The conversion really ran (in its own process) and gave the rows back.
    expect(report.status).toBe('completed');
    expect(JSON.parse(report.result)).toEqual([
      { region: 'north', amount: '12' },
      { region: 'south', amount: '30' },
    ]);
    // Only the table and the converter contract: no converter module, so none of their libraries.
    expect(report.converterModules).toEqual(['converter.ts', 'table.ts']);
  });

  it("gives the desktop's right-click menus their table without loading a converter", async () => {
    const child = await runChild('menus');
    expect(child.code).toBe(0);
    const report = JSON.parse(child.stdout.trim()) as {
      conversions: Record<string, string[]>;
      converterModules: string[];
    };
    expect(report.conversions.csv).toEqual(['xlsx', 'json']);
    expect(report.converterModules).toEqual(['table.ts']);
  });
});
