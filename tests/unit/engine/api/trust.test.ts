// The certificates the engine verifies against: Node's bundled roots and the system's store
// together, the store read once, a root added to the process's default set later taken in.
// Checked against Node's own lists, not a copy of them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { trustedCertificates } from '../../../../electron/engine/api/trust.ts';

describe('trusted certificates', () => {
  it('hold every bundled root and every root of the system store, once each', () => {
    const trusted = trustedCertificates();
    const set = new Set(trusted);
    expect(set.size).toBe(trusted.length);
    for (const pem of getCACertificates('default')) expect(set.has(pem)).toBe(true);
    let system: string[] = [];
    try {
      system = getCACertificates('system');
    } catch {
      // a container without a readable store: only the bundled roots apply
    }
    for (const pem of system) expect(set.has(pem)).toBe(true);
    expect(trusted.every((pem) => pem.includes('BEGIN CERTIFICATE'))).toBe(true);
  });

  it('take in a root installed in the system store (as a company that inspects TLS does)', () => {
    // SSL_CERT_FILE moves OpenSSL's system store on Linux; it is read when the process starts,
    // so a fresh process is asked. The test certificate is nobody's bundled root.
    const root = new URL('../../../support/tls/localhost.crt', import.meta.url).pathname;
    const trust = new URL('../../../../electron/engine/api/trust.ts', import.meta.url).href;
    const probe = `const { trustedCertificates } = await import(${JSON.stringify(trust)});
      const flat = (pem) => pem.replace(/\\s/g, '');
      const root = flat(${JSON.stringify(readFileSync(root, 'utf8'))});
      console.log(trustedCertificates().some((pem) => flat(pem) === root));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      env: { ...process.env, SSL_CERT_FILE: root },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true');
    expect(getCACertificates('default').some((pem) => pem === readFileSync(root, 'utf8'))).toBe(false);
  });

  it('are read once while the default set stays the same', () => {
    expect(trustedCertificates()).toBe(trustedCertificates());
  });

  it('take in a root the process adds to its default set after the first read (and let it go)', () => {
    // Node gives the set back re-encoded once it was replaced: compare without line breaks.
    const flat = (pem: string) => pem.replace(/\s/g, '');
    const pemFile = readFileSync(new URL('../../../support/tls/localhost.crt', import.meta.url), 'utf8');
    const holdsRoot = () => trustedCertificates().some((pem) => flat(pem) === flat(pemFile));
    const previous = getCACertificates('default');
    expect(holdsRoot()).toBe(false);
    setDefaultCACertificates([...previous, pemFile]);
    try {
      expect(holdsRoot()).toBe(true);
      const trusted = new Set(trustedCertificates());
      for (const pem of getCACertificates('default')) expect(trusted.has(pem)).toBe(true);
    } finally {
      setDefaultCACertificates(previous);
    }
    expect(holdsRoot()).toBe(false);
  });
});
