// `npm run bench [-- --quick] [--only transfer,memory,...] [--runs N] [--out DIR]`.
// Unknown flags are an error: a typo must not silently run the full, long benchmark.
import { parseArgs } from 'node:util';

export const BENCH_NAMES = [
  'transfer',
  'memory',
  'overhead',
  'polling',
  'pacing',
  'ui',
  'invoices',
  'startup',
  'tty',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export interface BenchArgs {
  quick: boolean;
  only: BenchName[];
  runs: number;
  outDir: string;
}

export type ParsedArgs = { ok: true; args: BenchArgs } | { ok: false; problem: string };

export const USAGE =
  'usage: node tests/bench/run.ts [--quick] [--only transfer,memory,overhead,polling,pacing,ui,invoices,startup,tty] [--runs N] [--out DIR]';

const OPTIONS = {
  quick: { type: 'boolean' },
  only: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export function parseBenchArgs(argv: readonly string[], defaultOutDir: string): ParsedArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  if (values.help) return { ok: false, problem: 'help' };
  const quick = values.quick === true;
  let only: BenchName[] = [...BENCH_NAMES];
  if (values.only !== undefined) {
    const names = values.only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !(BENCH_NAMES as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0) {
      return { ok: false, problem: `--only takes some of ${BENCH_NAMES.join(', ')}; got "${values.only}"` };
    }
    only = names as BenchName[];
  }
  // The full run repeats each figure at least 3 times; the quick run measures once.
  let runs = quick ? 1 : 3;
  if (values.runs !== undefined) {
    const n = Number(values.runs);
    if (!Number.isInteger(n) || n < 1 || n > 50) return { ok: false, problem: '--runs must be 1 to 50' };
    runs = n;
  }
  return { ok: true, args: { quick, only, runs, outDir: values.out ?? defaultOutDir } };
}
