// Preloaded (`node --import`) into a process the start-up benchmark runs: at exit it writes
// the process's own CPU time (user + system, process.cpuUsage) to file descriptor 3, so the
// figure comes from the process itself, not from the parent's view of it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(3, JSON.stringify({ userMs: user / 1000, systemMs: system / 1000 }));
  } catch {
    // No descriptor 3 (run by hand): nothing to report to.
  }
});
