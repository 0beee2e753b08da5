// Preloaded into a measured child (`node --import <this file> ...`): when the process exits,
// it writes its own VmHWM (peak RSS, bytes) to $IFC_BENCH_HWM_FILE. 'exit' handlers run on
// process.exit() too, which is how `ifc` ends. Plain JavaScript on purpose: a .ts preload
// makes Node load its type stripper into the child, ~20 MiB that the built `ifc` never has.
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.IFC_BENCH_HWM_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const status = readFileSync('/proc/self/status', 'utf8');
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
      writeFileSync(target, `${kb * 1024}\n`);
    } catch {
      // No /proc (not Linux): the parent's polling is all there is.
    }
  });
}
