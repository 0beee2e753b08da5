// Which results "Open" may hand to the system: documents yes; anything that runs when opened
// (whatever its case, on any platform) or has no extension to judge by, no.
import { describe, expect, it } from 'vitest';
import { mayOpenResult, RUNNABLE_EXTENSIONS } from '../../../shared/result-open.ts';

describe('opening a result', () => {
  it('offers Open for documents, by name or full path', () => {
    for (const path of ['report.pdf', '/out/Sales 2026.xlsx', 'C:\\out\\scan.PNG', '/out/notes.v2.html'])
      expect(mayOpenResult(path), path).toBe(true);
  });

  it('never for a program, script, installer or shortcut, whatever its case', () => {
    for (const path of [
      'setup.EXE',
      '/out/run.sh',
      'C:\\out\\x.Bat',
      'tool.AppImage',
      'a.desktop',
      'b.lnk',
      'c.jar',
    ])
      expect(mayOpenResult(path), path).toBe(false);
    expect(RUNNABLE_EXTENSIONS.has('pdf')).toBe(false);
  });

  it('never for a name without an extension, or a dot-file, or a folder-looking dot', () => {
    for (const path of ['README', '/out/.bashrc', '/out.d/result', 'archive.'])
      expect(mayOpenResult(path), path).toBe(false);
  });
});
