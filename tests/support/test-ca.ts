// The test certificate authority (tests/support/tls) in this process's default trust, as
// NODE_EXTRA_CA_CERTS or a company's root would put it. Files share their worker's process
// (vitest.config.ts, isolate: false), so the caller puts the previous set back when done.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

export const TLS_DIR = join(import.meta.dirname, 'tls');

/** Adds the test CA to the default set; the returned function restores the set it found. */
export async function trustTestCa(): Promise<() => void> {
  const previous = getCACertificates('default');
  setDefaultCACertificates([...previous, await readFile(join(TLS_DIR, 'localhost.crt'), 'utf8')]);
  return () => setDefaultCACertificates(previous);
}
