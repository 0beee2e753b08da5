// `ifc --version` on its own: the version is package.json's as it is on disk (not a copy that
// can drift), asked for by --version, -V or version, and by nothing else.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { asksVersion, VERSION } from '../../../electron/cli/version.ts';

describe('ifc --version', () => {
  it("is package.json's version", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('is asked for by --version, -V and version, first on the line only', () => {
    for (const argv of [['--version'], ['-V'], ['version'], ['--version', '--json']])
      expect(asksVersion(argv)).toBe(true);
    for (const argv of [[], ['-v'], ['convert', '--version'], ['help'], ['Version'], ['versión']])
      expect(asksVersion(argv), argv.join(' ')).toBe(false);
  });
});
