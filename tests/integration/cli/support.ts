// Runs the real `ifc` as a child process: the source (electron/cli/ifc.ts, type-stripped) under
// the Node running the tests by default, or the built bundle (out/cli/ifc.js) when
// IFC_UNDER_TEST=built, under IFC_CHILD_NODE when set: vitest.config.ts's "cli-on-node22"
// project runs this whole folder that way, so the bundle is proven on Node 22 as well.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
export const IFC =
  process.env.IFC_UNDER_TEST === 'built'
    ? join(root, 'out', 'cli', 'ifc.js')
    : join(root, 'electron', 'cli', 'ifc.ts');
/** The Node that runs `ifc`. */
export const IFC_NODE = process.env.IFC_CHILD_NODE ?? process.execPath;

/** Short polls and backoff for the child engine (see electron/cli/session.ts). */
export const FAST_CHILD_TIMING = JSON.stringify({
  poll: { firstMs: 50, maxMs: 150 },
  retry: { backoffBaseMs: 50 },
  progressIntervalMs: 50,
});

export interface IfcRun {
  child: ChildProcess;
  /** Parsed stdout lines, as they arrive. */
  lines: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or 128 + signal number for a kill). */
  done: Promise<number>;
  /** Resolves once a parsed stdout line satisfies `match`. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<void>;
}

export function startIfc(args: string[], env: Record<string, string | undefined>, input?: string): IfcRun {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...process.env,
    // Human lines follow the shell's language: English unless a test asks for another.
    LC_ALL: undefined,
    LC_MESSAGES: undefined,
    LANGUAGE: undefined,
    LANG: 'C.UTF-8',
    IFC_TEST_TIMING: FAST_CHILD_TIMING,
    ...env,
  })) {
    if (value !== undefined) childEnv[name] = value;
  }
  const child = spawn(IFC_NODE, [IFC, ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let partial = '';
  const lines: Record<string, unknown>[] = [];
  const watchers: { match: (line: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    partial += chunk.toString('utf8');
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.trim()) continue;
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        for (const watcher of [...watchers]) {
          if (watcher.match(line)) {
            watchers.splice(watchers.indexOf(watcher), 1);
            watcher.resolve();
          }
        }
      } catch {
        // Not JSON: plain output; the tests that use --json check stdout() themselves.
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  child.stdin!.end(input ?? '');
  const done = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 128)));
  });
  return {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    done,
    waitFor: (match) =>
      new Promise((resolve) => {
        if (lines.some(match)) return resolve();
        watchers.push({ match, resolve });
      }),
  };
}

export async function runIfc(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string; lines: Record<string, unknown>[] }> {
  const run = startIfc(args, env, input);
  const code = await run.done;
  return { code, stdout: run.stdout(), stderr: run.stderr(), lines: run.lines };
}
