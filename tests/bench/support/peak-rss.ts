// Peak resident memory of a child process, read by the kernel's own accounting: VmHWM in
// /proc/<pid>/status is the high-water mark of its RSS. A preload (rss-probe.mjs) writes the
// child's final VmHWM to a file as it exits, which catches growth in its last instants; the
// parent also polls /proc every 20 ms in case the child dies without its exit handlers.
import { readFile } from 'node:fs/promises';

/** VmHWM / VmRSS of a live process, in bytes; undefined once it is gone. */
export async function readProcStatus(pid: number): Promise<{ hwm: number; rss: number } | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
    return { hwm: field('VmHWM'), rss: field('VmRSS') };
  } catch {
    return undefined;
  }
}

export interface PeakWatch {
  /** Highest VmHWM seen while polling, in bytes. */
  peak(): number;
  stop(): void;
}

export function watchPeak(pid: number, everyMs = 20): PeakWatch {
  let peak = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    const status = await readProcStatus(pid);
    if (status && Number.isFinite(status.hwm)) peak = Math.max(peak, status.hwm);
    busy = false;
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}
