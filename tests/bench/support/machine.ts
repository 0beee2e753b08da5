// The machine and the versions a set of figures was measured on, so figures from two runs are
// only ever compared knowingly.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface MachineReport {
  os: string;
  cpuModel: string;
  cores: number;
  memoryMiB: number;
  loadAverage1m: number;
}

export interface VersionReport {
  app: string;
  node: string;
  undici: string;
  curl: string | null;
  chromium: string | null;
  gitCommit: string | null;
}

function packageVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function firstLine(command: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run(command, args, { timeout: 10_000 });
    return stdout.split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

export function machineReport(): MachineReport {
  const list = cpus();
  return {
    os: `${osType()} ${release()} ${process.arch}`,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export async function versionReport(chromiumPath: string): Promise<VersionReport> {
  const [curl, chromium, gitCommit] = await Promise.all([
    firstLine('curl', ['--version']),
    firstLine(chromiumPath, ['--version']),
    firstLine('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  ]);
  return {
    app: packageVersion(join(ROOT, 'package.json')),
    node: process.version,
    undici: packageVersion(join(ROOT, 'node_modules', 'undici', 'package.json')),
    curl: curl?.split(' ').slice(0, 2).join(' ') ?? null,
    chromium,
    gitCommit,
  };
}
