// Benchmark: a large upload (1 GiB by default) to the local server must keep the server's
// memory flat, because the multipart body is streamed to disk. The server runs in a child
// process (so the client's own buffers do not count) and reports its RSS every 20 ms; this
// prints the figures. It never passes or fails on them.
//
//   node tests/bench/localserver-upload.ts [--mib 1024] [--json]
import { fork } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, FormData, fetch } from 'undici';

const MiB = 1024 * 1024;

interface Ready {
  url: string;
  key: string;
}

async function serve(): Promise<void> {
  const { startLocalServer } = await import('../../electron/localserver/index.ts');
  const server = await startLocalServer({ benchPassThrough: true, maxFileBytes: 64 * 1024 * MiB });
  const timer = setInterval(() => process.send?.({ rss: process.memoryUsage().rss }), 20);
  process.send?.({ ready: { url: server.url, key: server.key } satisfies Ready });
  process.on('message', async (message) => {
    if (message === 'stop') {
      clearInterval(timer);
      await server.close();
      process.exit(0);
    }
  });
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function bench(): Promise<void> {
  const mib = Number(argument('--mib') ?? 1024);
  const dir = await mkdtemp(join(tmpdir(), 'ifc-bench-upload-'));
  const source = join(dir, 'upload.bin');
  // A sparse file: reading it gives zeros at disk speed without writing 1 GiB first.
  const handle = await open(source, 'w');
  await handle.truncate(mib * MiB);
  await handle.close();

  const child = fork(import.meta.filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let rss = 0;
  let peak = 0;
  const ready = await new Promise<Ready>((resolve) => {
    child.on('message', (message: { rss?: number; ready?: Ready }) => {
      if (message.rss !== undefined) {
        rss = message.rss;
        peak = Math.max(peak, rss);
      }
      if (message.ready) resolve(message.ready);
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 300)); // settle after start-up
  const before = rss;
  peak = rss;

  const form = new FormData();
  form.append('to', 'dat');
  form.append('file', await openAsBlob(source), 'upload.bin');
  const dispatcher = new Agent();
  const started = performance.now();
  const response = await fetch(`${ready.url}/api/convert`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${ready.key}` },
    dispatcher,
  });
  const seconds = (performance.now() - started) / 1000;
  const accepted = (await response.json()) as { jobId?: string };
  await new Promise((resolve) => setTimeout(resolve, 60)); // one more RSS sample
  const after = rss;

  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await dispatcher.close();
  await rm(dir, { recursive: true, force: true });

  const figures = {
    uploadMiB: mib,
    status: response.status,
    jobId: accepted.jobId,
    seconds: Number(seconds.toFixed(2)),
    mibPerSecond: Number((mib / seconds).toFixed(1)),
    serverRssBeforeMiB: Number((before / MiB).toFixed(1)),
    serverRssPeakMiB: Number((peak / MiB).toFixed(1)),
    serverRssAfterMiB: Number((after / MiB).toFixed(1)),
    serverRssGrowthMiB: Number(((peak - before) / MiB).toFixed(1)),
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  process.stdout.write(
    `localserver-upload: ${mib} MiB uploaded in ${figures.seconds} s (${figures.mibPerSecond} MiB/s), HTTP ${response.status}\n` +
      `server RSS: before ${figures.serverRssBeforeMiB} MiB, peak ${figures.serverRssPeakMiB} MiB, ` +
      `growth ${figures.serverRssGrowthMiB} MiB (${((100 * (peak - before)) / (mib * MiB)).toFixed(2)}% of the upload)\n`,
  );
}

if (process.argv.includes('--serve')) await serve();
else await bench();
