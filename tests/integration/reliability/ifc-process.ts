// `ifc` as a real child process (`node electron/cli/ifc.ts ...`), as a script would run it:
// its exit code, its --json lines, its stderr; optionally SIGKILLed the instant it has printed
// a given number of lines (plus a little more time), to stop it at a chosen point of a batch.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FAST_TIMING } from './helpers.ts';

const IFC = join(import.meta.dirname, '..', '..', '..', 'electron', 'cli', 'ifc.ts');

export interface IfcRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Record<string, unknown>[];
  stdout: string;
  stderr: string;
  /** True when we killed it (it had not exited by itself). */
  killed: boolean;
}

export interface IfcOptions {
  env: Record<string, string>;
  /** SIGKILL once this many stdout lines have arrived ... */
  killAfterLines?: number;
  /** ... and this many ms more. */
  killDelayMs?: number;
  /** Run under another program (e.g. setpriv), given as its argv before node. */
  wrapper?: string[];
  timeoutMs?: number;
}

/** The environment for an `ifc` run against a server, with test timings. */
export function ifcEnv(server: { url: string; key: string }, stateDir: string): Record<string, string> {
  return {
    IFC_API_KEY: server.key,
    IFC_API_URL: server.url,
    IFC_STATE_DIR: stateDir,
    IFC_TEST_TIMING: JSON.stringify(FAST_TIMING),
  };
}

export function runIfc(args: string[], options: IfcOptions): Promise<IfcRun> {
  const command = [...(options.wrapper ?? []), process.execPath, IFC, ...args];
  const child = spawn(command[0]!, command.slice(1), {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Node's compile cache (vitest.config.ts): without it every run compiles ifc's ~600
      // modules from scratch (about a third more CPU per process).
      ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let lineCount = 0;
  let killed = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  const timer = setTimeout(kill, options.timeoutMs ?? 45_000);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    const before = lineCount;
    lineCount = stdout.split('\n').length - 1;
    const at = options.killAfterLines;
    if (at !== undefined && before < at && lineCount >= at) {
      if (options.killDelayMs) setTimeout(kill, options.killDelayMs);
      else kill();
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [{ type: 'not-json', text: line }];
          }
        });
      resolve({ code, signal, lines, stdout, stderr, killed });
    });
  });
}

/** The --json summary line of a run (the last line), or undefined. */
export function summaryOf(run: IfcRun): Record<string, unknown> & {
  completed?: { source: string; output: string; tokens: number }[];
  failed?: { source: string; code: string; message: string }[];
  pending?: { source: string; state: string }[];
  skipped?: { source: string; reason: string }[];
} {
  const last = run.lines.at(-1);
  return last?.type === 'summary' ? (last as ReturnType<typeof summaryOf>) : {};
}
