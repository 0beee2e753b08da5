// Benchmark: what `ifc convert` writes to a terminal on a big folder. The built ifc runs under
// `script` (a real pseudo-terminal, 100 columns, so ifc takes its TTY path) on N small files
// with instant conversions (the bin -> dat copy against the local server process: the most
// churn per second, the worst case for redrawing). Measured from the terminal's own record:
// bytes per second in all, the bytes of the moving part (the bars and the waiting count,
// everything but the one permanent line per finished file and the summary) per second, and
// redraws per second. Bounded means: these stay flat however many files wait.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withTempDir } from './support/files.ts';
import { startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const IFC = join(import.meta.dirname, '..', '..', 'out', 'cli', 'ifc.js');
/** A redraw moves the cursor up over the moving part: ESC [ n F (or, drawing only what
 *  changed, ESC [ n A). */
const REDRAW = /\x1b\[\d+[FA]/g;
const ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;

export interface TtyRun {
  files: number;
  wallMs: number;
  bytes: number;
  liveBytes: number;
  redraws: number;
  bytesPerSecond: number;
  liveBytesPerSecond: number;
  redrawsPerSecond: number;
  bytesPerFile: number;
}

/** Splits the terminal record into the permanent lines (one per finished file, the summary)
 *  and the rest, which is the moving part's cost. */
export function analyseTty(record: Buffer, files: number, wallMs: number): TtyRun {
  const text = record.toString('utf8');
  // `script` wraps the record in a header and a footer line of its own.
  const body = text.replace(/^Script started[^\n]*\n/, '').replace(/\n?Script done[^\n]*\n?$/, '');
  let permanent = 0;
  for (const line of body.split('\n')) {
    const plain = line.replace(ESCAPES, '').replace(/\r$/, '');
    if (plain.includes(' -> ') || /^\d+ completed, /.test(plain))
      permanent += Buffer.byteLength(`${plain}\n`);
  }
  const bytes = Buffer.byteLength(body);
  const redraws = body.match(REDRAW)?.length ?? 0;
  const seconds = wallMs / 1000;
  return {
    files,
    wallMs: round(wallMs),
    bytes,
    liveBytes: bytes - permanent,
    redraws,
    bytesPerSecond: round(bytes / seconds),
    liveBytesPerSecond: round((bytes - permanent) / seconds),
    redrawsPerSecond: round(redraws / seconds, 2),
    bytesPerFile: round(bytes / files),
  };
}

export async function benchTty(options: { files: number; runs: number; log(line: string): void }) {
  if (!existsSync(IFC)) throw new Error(`the built ifc is missing (${IFC}): run \`npm run build\` first`);
  return withTempDir('ifc-bench-tty-', async (dir) => {
    const input = join(dir, 'in');
    await mkdir(input);
    for (let index = 0; index < options.files; index += 1) {
      await writeFile(join(input, `small-${String(index).padStart(5, '0')}.bin`), randomBytes(1024));
    }
    const server = await startServerProcess({ benchPassThrough: true, rateLimitPerMinute: 1_000_000 });
    const runs: TtyRun[] = [];
    try {
      for (let index = 0; index < options.runs; index += 1) {
        const out = join(dir, `out-${index}`);
        const record = join(dir, `tty-${index}.txt`);
        const command =
          `stty cols 100 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(IFC)} convert ${JSON.stringify(input)} ` +
          `--to dat --out ${JSON.stringify(out)} --state-dir ${JSON.stringify(join(dir, `state-${index}`))} --endpoint ${server.url}`;
        const started = performance.now();
        const code = await new Promise<number | null>((resolve, reject) => {
          const child = spawn('script', ['-qfec', command, record], {
            stdio: ['ignore', 'ignore', 'inherit'],
            env: { ...process.env, IFC_API_KEY: server.key, NO_COLOR: '1' },
          });
          child.on('error', reject);
          child.on('close', resolve);
        });
        const wallMs = performance.now() - started;
        if (code !== 0) throw new Error(`ifc convert under script exited with ${code}`);
        const run = analyseTty(await readFile(record), options.files, wallMs);
        runs.push(run);
        options.log(
          `tty run ${index + 1}/${options.runs}: ${options.files} files in ${(wallMs / 1000).toFixed(1)} s, ` +
            `${run.bytesPerSecond} B/s to the terminal (${run.liveBytesPerSecond} B/s of it the moving part), ` +
            `${run.redrawsPerSecond} redraws/s, ${run.bytesPerFile} B per file`,
        );
      }
    } finally {
      await server.stop();
    }
    const pick = (key: keyof TtyRun) => roundSpread(spread(runs.map((run) => run[key])));
    const live = spread(runs.map((run) => run.liveBytesPerSecond));
    return {
      liveBytesPerSecond: live ? round(live.median) : null,
      files: options.files,
      bytesPerSecond: pick('bytesPerSecond'),
      live: roundSpread(live),
      redrawsPerSecond: pick('redrawsPerSecond'),
      bytesPerFile: pick('bytesPerFile'),
      runs,
    };
  });
}
