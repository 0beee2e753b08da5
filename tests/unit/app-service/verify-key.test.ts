// "Verify before saving" on its own, over real HTTP: the key the person typed is asked about
// once; a good key gives back the balance and nothing else of the account; a wrong key, or a
// server that answers nonsense, comes back as one code with its sentence (never a throw, never
// the key in the words); and the proxy chosen in Settings is the way the question goes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyKey } from '../../../electron/app-service/verify-key.ts';
import type { LocalServer } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function local(tokens: number): Promise<LocalServer> {
  const server = await startLocalServer({ tokens });
  closers.push(() => server.close());
  return server;
}

/** An HTTP server that answers every request with `body` (status 200): a lying service. */
async function liar(
  body: string,
  contentType = 'application/json',
): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((_request, response) => {
    hits += 1;
    response.writeHead(200, { 'content-type': contentType });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const accountAsks = (server: LocalServer) => server.requests.filter((entry) => entry.path === '/api/account');

describe('verifying a key before it is saved', () => {
  it('gives back the balance behind a good key, asking once, and nothing else of the account', async () => {
    const server = await local(4321);
    const answer = await verifyKey(server.url, server.key, { kind: 'none' });
    expect(answer).toEqual({ ok: true, value: { tokens: 4321 } });
    expect(accountAsks(server)).toHaveLength(1);
    expect(accountAsks(server)[0]?.hadAuthorization).toBe(true);
  });

  it('says a wrong key in one code and its sentence, without repeating the key', async () => {
    const server = await local(10);
    const typo = `${server.key.slice(0, -1)}X`;
    const answer = await verifyKey(server.url, typo, { kind: 'none' });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid_api_key');
    expect(answer.error.message).toBe(messageFor('invalid_api_key'));
    expect(JSON.stringify(answer)).not.toContain(typo);
    // A refusal is final: the key is not tried again and again.
    expect(accountAsks(server)).toHaveLength(1);
  });

  it('says a paste with characters no key has (a "€", a non-breaking space) is not a key, without sending it', async () => {
    // Found here: such a key went out, undici refused the header, and the person heard
    // "network" after four tries and 7 s of backoff.
    const server = await local(10);
    for (const pasted of [
      `${server.key}€`,
      `${server.key.slice(0, 12)}\u00a0${server.key.slice(12)}`,
      'ключ-ключ-ключ',
    ]) {
      const answer = await verifyKey(server.url, pasted, { kind: 'none' });
      expect(answer).toEqual({
        ok: false,
        error: { code: 'invalid_api_key', message: messageFor('invalid_api_key') },
      });
    }
    expect(accountAsks(server)).toHaveLength(0);
  });

  it('does not take a balance from a server that answers 200 with something that is not an account', async () => {
    for (const body of ['{"tokens":"plenty"}', '<html>Welcome to the hotel Wi-Fi</html>', '']) {
      const server = await liar(body, body.startsWith('<') ? 'text/html' : 'application/json');
      const answer = await verifyKey(server.url, 'ifc_live_abcdefghijklmnop', { kind: 'none' });
      expect(answer.ok, `a body of ${JSON.stringify(body)} must not pass`).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.message).toBe(messageFor(answer.error.code));
      expect(server.hits()).toBeGreaterThanOrEqual(1);
    }
  });

  it('asks through the proxy chosen in Settings (the system proxy is consulted for the address)', async () => {
    const server = await local(12);
    const consulted: string[] = [];
    const answer = await verifyKey(server.url, server.key, {
      kind: 'system',
      resolve: async (url) => {
        consulted.push(url);
        return 'DIRECT';
      },
    });
    expect(answer).toEqual({ ok: true, value: { tokens: 12 } });
    expect(consulted.some((url) => url.startsWith(server.url))).toBe(true);
  });
});
