// One question to the service outside a batch, over real HTTP to the local server: the
// account behind a key (a wrong key is the one answer a key check needs), and the format
// table. (A server that is not there is retried on the system clock's real backoff: left to
// the retry policy's own tests rather than waited out here.)
import { afterEach, describe, expect, it } from 'vitest';
import { askAccount, askFormats } from '../../../../electron/engine/api/service-question.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('asking the service', () => {
  it('answers the balance behind a key and refuses a wrong key', async () => {
    server = await startLocalServer({ tokens: 321 });
    const account = await askAccount({ url: server.url, key: server.key });
    expect(account.ok && account.value.tokens).toBe(321);
    const wrong = await askAccount({ url: server.url, key: 'ifc_local_wrong' });
    expect(wrong.ok ? undefined : wrong.error.code).toBe('invalid_api_key');
    expect(wrong.ok ? undefined : wrong.error.message).not.toMatch(/ifc_local_wrong/);
  });

  it('answers the format table with its conversions and limits', async () => {
    server = await startLocalServer();
    const formats = await askFormats({ url: server.url, key: server.key });
    expect(formats.ok).toBe(true);
    if (!formats.ok) return;
    expect(formats.value.conversions.md).toEqual(expect.arrayContaining(['pdf', 'html']));
    expect(formats.value.limits.syncMaxBytes).toBeGreaterThan(0);
  });
});
