// Sentences that reach the window speak the window's language: never "job", "ifc resume",
// IFC_API_KEY or "state folder" (the CLI keeps its own words for the same codes), and a file
// refused for its type says what to do: unzip an archive, or which types are taken.
import { describe, expect, it } from 'vitest';
import { typesTaken, withNextStep } from '../../../electron/app-service/refusals.ts';
import { classify } from '../../../electron/engine/jobs/expand-inputs.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import { MESSAGES, messageFor, speakTo } from '../../../shared/messages.ts';

const CLI_WORDS = /\bjobs?\b|ifc resume|IFC_API_KEY|state folder/i;
/** Codes only the `ifc` command meets (it may name its own commands and options). */
const CLI_ONLY = new Set(['usage', 'no_api_key_cli', 'unknown_target_format', 'invoices_need_xlsx']);

const info = {
  conversions: { pdf: ['txt', 'docx'], csv: ['xlsx'], zip: [], exe: [] },
  pricing: { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: {} },
  limits: { maxFileBytes: 1_000_000, syncMaxBytes: 1_000, retentionHours: 24 },
};

describe('the words the window gets', () => {
  it('the terminal keeps the command line words until the window is chosen', () => {
    expect(messageFor('interrupted')).toContain('ifc resume');
    expect(messageFor('archive_input')).toContain('Unzip it and convert the files inside');
  });

  it('once the window speaks, no window sentence says job, ifc resume, IFC_API_KEY or state folder', () => {
    speakTo('window');
    const offending = Object.keys(MESSAGES)
      .filter((code) => !CLI_ONLY.has(code) && !code.endsWith('_window'))
      .map((code) => `${code}: ${messageFor(code)}`)
      .filter((line) => CLI_WORDS.test(line.slice(line.indexOf(':') + 1)));
    expect(offending).toEqual([]);
    expect(messageFor('archive_input')).toBe(
      'This is a compressed archive. Unzip it and drop the files inside.',
    );
    expect(messageFor('interrupted')).toBe(MESSAGES.interrupted_window);
  });

  it('the window words are translated too', () => {
    speakTo('window');
    setLanguage('de');
    try {
      expect(messageFor('interrupted')).not.toContain('ifc');
      expect(messageFor('interrupted')).not.toBe(MESSAGES.interrupted_window);
    } finally {
      setLanguage('en');
    }
  });
});

describe('a refusal says what to do', () => {
  it('an archive is its own refusal, whatever the service lists', () => {
    expect(classify('/home/ana/photos.zip', 10, info)).toMatchObject({ code: 'archive_input' });
    expect(classify('/home/ana/backup.tar.gz', 10, info)).toMatchObject({ code: 'archive_input' });
    expect(classify('/home/ana/setup.exe', 10, info)).toMatchObject({ code: 'unsupported_format' });
  });

  it('a type refusal names the types the converter takes; other reasons are left alone', () => {
    setLanguage('en');
    expect(typesTaken(info.conversions)).toEqual(['csv', 'pdf']);
    const skipped = [
      classify('/home/ana/setup.exe', 10, info),
      classify('/home/ana/README', 10, info),
      classify('/home/ana/photos.zip', 10, info),
      classify('/home/ana/empty.pdf', 0, info),
    ];
    const told = withNextStep(skipped as never, info.conversions).map((entry) => entry.reason);
    expect(told[0]).toBe(
      `${messageFor('unsupported_format')} The converter you are using takes CSV and PDF.`,
    );
    expect(told[1]).toBe(`${messageFor('unknown_format')} The converter you are using takes CSV and PDF.`);
    expect(told[2]).toBe(messageFor('archive_input'));
    expect(told[3]).toBe(messageFor('file_empty'));
  });
});
