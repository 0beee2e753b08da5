// `npm run bench [-- --quick]`: measures the engine and the app against the physical limit and
// against what a person could use instead (curl, a bare undici loop), each figure beside its
// reference in the same run, on loopback against the local server. Prints a table and writes
// bench-results/latest.json. It reports figures; it never passes or fails on them (the exit
// code is non-zero only when a benchmark could not run at all).
import { join } from 'node:path';
import { BENCH_NAMES, type BenchName, parseBenchArgs, USAGE } from './support/args.ts';
import { machineReport, versionReport } from './support/machine.ts';
import { type BenchResults, writeResults } from './support/results.ts';
import { renderTable, type Row } from './support/table.ts';
import { PLANS, type Plan } from './plans.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const parsed = parseBenchArgs(process.argv.slice(2), join(ROOT, 'bench-results'));
if (!parsed.ok) {
  process.stderr.write(parsed.problem === 'help' ? `${USAGE}\n` : `${parsed.problem}\n${USAGE}\n`);
  process.exit(parsed.problem === 'help' ? 0 : 2);
}
const { args } = parsed;
const plan: Plan = args.quick ? PLANS.quick : PLANS.full;
const startedAt = new Date();
const machine = machineReport();
const versions = await versionReport(CHROMIUM);
log(
  `bench (${args.quick ? 'quick' : 'full'}, ${args.runs} run${args.runs > 1 ? 's' : ''} per figure) on ${machine.cores} cores, ` +
    `${machine.memoryMiB} MiB, ${machine.cpuModel}; node ${versions.node}, undici ${versions.undici}, ${versions.curl ?? 'no curl'}`,
);

const results: BenchResults = {
  schema: 1,
  mode: args.quick ? 'quick' : 'full',
  startedAt: startedAt.toISOString(),
  finishedAt: '',
  machine,
  versions,
  transfer: { ratioVsCurl: null },
  memory: { peakRssMiB1GiB: null, peakRssMiB10MiB: null },
  overhead: {
    ratioVsBareUndici: null,
    cpuRatioVsBareUndici: null,
    cpuMsPerFile1k: null,
    cpuMsPerFile10k: null,
  },
  polling: { pollsPerJob: { '5': null, '30': null, '120': null } },
  pacing: { tooManyRequestsPer1000: null, timeRatioVsIdeal: null },
  ui: {
    bridgeMessagesPerSecond: null,
    domRows: null,
    firstPaintMs: null,
    jobs: null,
    scrollFrameP95Ms: null,
  },
  invoices: { fieldAccuracy: null, unflaggedWrong: null, perSecond: null },
  startup: { ifcVersionRatioVsNode: null, appServiceReadyMs: null },
  tty: { liveBytesPerSecond: null },
  errors: [],
};
const rows: Row[] = [];

async function measure(name: BenchName, work: () => Promise<void>): Promise<void> {
  if (!args.only.includes(name)) return;
  const started = performance.now();
  log(`-- ${name}`);
  try {
    await work();
    log(`-- ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.errors.push({ bench: name, message });
    log(`-- ${name} could not run: ${message}`);
  }
}

for (const name of BENCH_NAMES) {
  await measure(name, async () => {
    const outcome = await plan[name]({ runs: args.runs, log });
    Object.assign(results[name], outcome.figures);
    rows.push(...outcome.rows);
  });
}

results.finishedAt = new Date().toISOString();
const file = await writeResults(args.outDir, results);
process.stdout.write(`\n${renderTable(rows)}\n\n`);
process.stdout.write(
  `machine: ${machine.cores} cores, ${machine.memoryMiB} MiB, ${machine.cpuModel}, ${machine.os}\n` +
    `versions: app ${versions.app}, node ${versions.node}, undici ${versions.undici}, ${versions.curl ?? 'curl missing'}, ` +
    `${versions.chromium ?? 'chromium missing'}${versions.gitCommit ? `, commit ${versions.gitCommit}` : ''}\n` +
    `wrote ${file} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s\n`,
);
if (results.errors.length > 0) {
  process.stdout.write(
    `${results.errors.length} benchmark(s) could not run: ${results.errors.map((e) => e.bench).join(', ')}\n`,
  );
  process.exit(1);
}
