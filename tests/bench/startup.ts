// Benchmark: start-up. `ifc --version`, `ifc --help`, `ifc formats --endpoint local` and
// `ifc jobs` (on an empty state folder: the start, not a journal's size) of the built
// out/cli/ifc.js against `node -e 0`, alternated run by run, wall time from spawn to exit and
// CPU time (user + system) as each process counts it itself (support/cpu-at-exit.mjs); the
// ratio is ifc's CPU over Node's own. Then the app service's cold start to "window ready" in
// the e2e harness (support/app-ready-child.ts), each run in a fresh process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, roundSpread, spread } from './support/stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const IFC = join(ROOT, 'out', 'cli', 'ifc.js');
const CPU_AT_EXIT = join(import.meta.dirname, 'support', 'cpu-at-exit.mjs');
const APP_READY = join(import.meta.dirname, 'support', 'app-ready-child.ts');

interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** Runs `node <args>` to its end; wall time here, CPU time from the process itself (fd 3). */
function timedNode(
  args: string[],
  preload = true,
  env: NodeJS.ProcessEnv = {},
): Promise<Timed & { stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(preload ? ['--import', CPU_AT_EXIT] : []), ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let report = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (report += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let cpuMs = Number.NaN;
      try {
        const cpu = JSON.parse(report) as { userMs: number; systemMs: number };
        cpuMs = cpu.userMs + cpu.systemMs;
      } catch {
        // No report: the figure stays NaN and is left out of the spread.
      }
      resolve({ wallMs, cpuMs, stdout, code });
    });
  });
}

type Step = 'node' | 'version' | 'help' | 'formats' | 'jobs';

export interface StartupFigures {
  ifcVersionRatioVsNode: number | null;
  ifcVersionWallRatioVsNode: number | null;
  ifcFormatsRatioVsNode: number | null;
  ifcHelpRatioVsNode: number | null;
  ifcJobsRatioVsNode: number | null;
  appServiceReadyMs: number | null;
  appServiceReadyCpuMs: number | null;
  node: { wallMs: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  ifcVersion: { wallMs: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  ifcFormats: { wallMs: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  ifcHelp: { wallMs: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  ifcJobs: { wallMs: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  appReady: { ms: ReturnType<typeof roundSpread>; cpuMs: ReturnType<typeof roundSpread> };
  runs: Record<Step, Timed>[];
}

export async function benchStartup(options: { runs: number; appRuns: number; log(line: string): void }) {
  if (!existsSync(IFC)) throw new Error(`the built ifc is missing (${IFC}): run \`npm run build\` first`);
  const runs: StartupFigures['runs'] = [];
  const pick = (timed: Timed): Timed => ({ wallMs: round(timed.wallMs), cpuMs: round(timed.cpuMs) });
  const stateHome = mkdtempSync(join(tmpdir(), 'ifc-bench-startup-'));
  try {
    for (let index = 0; index < options.runs; index += 1) {
      // The order turns each run, so none of them always runs first after a pause.
      const steps: [Step, () => ReturnType<typeof timedNode>][] = [
        ['node', () => timedNode(['-e', '0'])],
        ['version', () => timedNode([IFC, '--version'])],
        ['help', () => timedNode([IFC, '--help'])],
        ['formats', () => timedNode([IFC, 'formats', '--endpoint', 'local'])],
        ['jobs', () => timedNode([IFC, 'jobs'], true, { XDG_STATE_HOME: stateHome, IFC_STATE_DIR: '' })],
      ];
      const done: Partial<Record<Step, Timed>> = {};
      for (let step = 0; step < steps.length; step += 1) {
        const [name, go] = steps[(step + index) % steps.length]!;
        const result = await go();
        if (result.code !== 0) throw new Error(`${name} exited with ${result.code}`);
        if (name === 'version' && !result.stdout.startsWith('ifc '))
          throw new Error('ifc --version printed no version');
        if (name === 'help' && !result.stdout.includes('ifc convert'))
          throw new Error('ifc --help printed no help');
        if (name === 'formats' && !result.stdout.includes('pdf    -> '))
          throw new Error('ifc formats --endpoint local printed no formats');
        done[name] = pick(result);
      }
      const run = done as Record<Step, Timed>;
      runs.push(run);
      options.log(
        `startup run ${index + 1}/${options.runs} (ms wall / CPU): node -e 0 ${run.node.wallMs} / ${run.node.cpuMs}, ` +
          `ifc --version ${run.version.wallMs} / ${run.version.cpuMs}, --help ${run.help.wallMs} / ${run.help.cpuMs}, ` +
          `formats --endpoint local ${run.formats.wallMs} / ${run.formats.cpuMs}, jobs ${run.jobs.wallMs} / ${run.jobs.cpuMs}`,
      );
    }
  } finally {
    rmSync(stateHome, { recursive: true, force: true });
  }
  const appRuns: Timed[] = [];
  for (let index = 0; index < options.appRuns; index += 1) {
    const child = await timedNode([APP_READY], false);
    if (child.code !== 0) throw new Error(`the app-ready child exited with ${child.code}`);
    const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
      readyMs: number;
      cpuMs: number;
    };
    appRuns.push({ wallMs: round(report.readyMs), cpuMs: round(report.cpuMs) });
    options.log(
      `app service cold start ${index + 1}/${options.appRuns}: window ready in ${round(report.readyMs)} ms (${round(report.cpuMs)} ms CPU in the service process)`,
    );
  }
  const of = (values: number[]) => spread(values);
  const ratio = (values: number[]) => {
    const value = of(values);
    return value ? round(value.median, 3) : null;
  };
  const appMs = of(appRuns.map((run) => run.wallMs));
  const appCpu = of(appRuns.map((run) => run.cpuMs));
  const figures: StartupFigures = {
    ifcVersionRatioVsNode: ratio(runs.map((run) => run.version.cpuMs / run.node.cpuMs)),
    ifcVersionWallRatioVsNode: ratio(runs.map((run) => run.version.wallMs / run.node.wallMs)),
    ifcFormatsRatioVsNode: ratio(runs.map((run) => run.formats.cpuMs / run.node.cpuMs)),
    ifcHelpRatioVsNode: ratio(runs.map((run) => run.help.cpuMs / run.node.cpuMs)),
    ifcJobsRatioVsNode: ratio(runs.map((run) => run.jobs.cpuMs / run.node.cpuMs)),
    appServiceReadyMs: appMs ? round(appMs.median) : null,
    appServiceReadyCpuMs: appCpu ? round(appCpu.median) : null,
    node: {
      wallMs: roundSpread(of(runs.map((run) => run.node.wallMs))),
      cpuMs: roundSpread(of(runs.map((run) => run.node.cpuMs))),
    },
    ifcVersion: {
      wallMs: roundSpread(of(runs.map((run) => run.version.wallMs))),
      cpuMs: roundSpread(of(runs.map((run) => run.version.cpuMs))),
    },
    ifcFormats: {
      wallMs: roundSpread(of(runs.map((run) => run.formats.wallMs))),
      cpuMs: roundSpread(of(runs.map((run) => run.formats.cpuMs))),
    },
    ifcHelp: {
      wallMs: roundSpread(of(runs.map((run) => run.help.wallMs))),
      cpuMs: roundSpread(of(runs.map((run) => run.help.cpuMs))),
    },
    ifcJobs: {
      wallMs: roundSpread(of(runs.map((run) => run.jobs.wallMs))),
      cpuMs: roundSpread(of(runs.map((run) => run.jobs.cpuMs))),
    },
    appReady: { ms: roundSpread(appMs), cpuMs: roundSpread(appCpu) },
    runs,
  };
  return figures;
}
