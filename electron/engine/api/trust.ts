// Which certificate authorities the engine trusts: Node's bundled roots and NODE_EXTRA_CA_CERTS
// (Node's "default" set) plus the operating system's store (tls.getCACertificates('system'),
// Node 24: the Keychain on macOS, the Windows store, and on Linux the OpenSSL paths, which
// SSL_CERT_FILE / SSL_CERT_DIR move). A company that inspects TLS installs its root in the
// system store; trusting it here is what makes the app work there. There is deliberately no
// way to turn verification off.
import { getCACertificates } from 'node:tls';

let cached: string[] | undefined;

/** The PEM certificates every connection of the engine verifies against (read once). */
export function trustedCertificates(): string[] {
  if (cached) return cached;
  const all = new Set<string>(getCACertificates('default'));
  try {
    for (const pem of getCACertificates('system')) all.add(pem);
  } catch {
    // No readable system store (a minimal container): the bundled roots still apply.
  }
  cached = [...all];
  return cached;
}
