// Child of lazy-converters.test.ts: records every module this process loads, starts the real
// local server, asks for its formats and converts one csv to json through it, then prints the
// converter modules the SERVER's process loaded and the conversion's result as one JSON line.
// With the argument `menus` it instead builds the desktop's right-click menu table, as the
// Electron main process does at start.
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    loaded.add(resolved.url);
    return resolved;
  },
});

const converterModules = () =>
  [...loaded]
    .filter((url) => url.includes('/localserver/converters/'))
    .map((url) => url.split('/').pop())
    .sort();

if (process.argv[2] === 'menus') {
  const { packagedConversions } = await import('../../../electron/app-service/shell-menus/menu-formats.ts');
  process.stdout.write(
    `${JSON.stringify({ conversions: packagedConversions(), converterModules: converterModules() })}\n`,
  );
  process.exit(0);
}

const { convert, download, harness, makeFile } = await import('./helpers.ts');
const h = await harness();
try {
  const formats = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
  const conversions = ((await formats.json()) as { conversions: Record<string, string[]> }).conversions;
  const source = await makeFile(h, 'sales.csv', 'region,amount\r\nnorth,12\r\nsouth,30\r\n');
  const job = await convert(h, { to: 'json', path: source });
  const result = job.status === 'completed' ? (await download(job)).toString('utf8') : job.error?.code;
  process.stdout.write(
    `${JSON.stringify({ conversions, status: job.status, result, converterModules: converterModules() })}\n`,
  );
} finally {
  await h.close();
}
