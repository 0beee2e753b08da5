// Which certificate authorities the engine trusts: Node's bundled roots and NODE_EXTRA_CA_CERTS
// (Node's "default" set) plus the operating system's store (tls.getCACertificates('system'),
// Node 24: the Keychain on macOS, the Windows store, and on Linux the OpenSSL paths, which
// SSL_CERT_FILE / SSL_CERT_DIR move). A company that inspects TLS installs its root in the
// system store; trusting it here is what makes the app work there. There is deliberately no
// way to turn verification off.
import { getCACertificates } from 'node:tls';

/** The system's store, read once: reading it costs ~10 MiB and tens of milliseconds. */
let system: readonly string[] | undefined;
/** The last answer and the default set it was made from. */
let merged: { from: readonly string[]; all: string[] } | undefined;

function systemStore(): readonly string[] {
  if (!system) {
    try {
      system = getCACertificates('system');
    } catch {
      // No readable system store (a minimal container): the bundled roots still apply.
      system = [];
    }
  }
  return system;
}

/** The PEM certificates every connection of the engine verifies against. The default set is
 *  asked each time (Node keeps it as one frozen array until tls.setDefaultCACertificates
 *  replaces it), so a root the process adds later is trusted by the next connector built; the
 *  answer is the same array for as long as that set is. */
export function trustedCertificates(): string[] {
  const defaults = getCACertificates('default');
  if (merged?.from !== defaults) {
    merged = { from: defaults, all: [...new Set([...defaults, ...systemStore()])] };
  }
  return merged.all;
}
