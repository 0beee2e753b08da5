// The Add form's reading of a folder: the format it suggests, how many files a rule takes and
// every file it leaves alone with the reason.
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../shared/i18n/index.ts';
import type { FolderSurvey } from '../../../shared/watch.ts';
import { ignoredFiles, suggestTarget, takenCount } from '../../../renderer/src/view/watch-survey.ts';

const conversions: Record<string, string[]> = {
  pdf: ['docx', 'txt', 'xlsx'],
  docx: ['pdf', 'txt', 'html'],
  png: ['jpg', 'pdf', 'webp'],
  txt: ['pdf'],
};

const survey = (...names: string[]): FolderSurvey => ({
  folder: '/home/a/In',
  files: names.map((name) => {
    const dot = name.lastIndexOf('.');
    return dot > 0 ? { name, format: name.slice(dot + 1) } : { name };
  }),
  more: 0,
});

describe('reading a folder before watching it', () => {
  setLanguage('en');

  it('suggests what most files can become, preferring the usual choice on a tie', () => {
    expect(suggestTarget(survey('a.docx', 'b.docx', 'c.png'), conversions)).toBe('pdf');
    expect(suggestTarget(survey('a.pdf', 'b.pdf'), conversions)).toBe('docx');
    expect(suggestTarget(survey('a.png'), conversions)).toBe('pdf');
    expect(suggestTarget(survey('setup.exe', 'notes'), conversions)).toBeUndefined();
    expect(suggestTarget(survey(), conversions)).toBeUndefined();
  });

  it('lists every file "Any type -> TXT" leaves alone, with why', () => {
    const folder = survey('a.pdf', 'b.docx', 'c.png', 'd.txt', 'setup.exe', 'README');
    const draft = { to: 'txt', from: [] };
    expect(takenCount(folder, draft, conversions)).toBe(2);
    expect(ignoredFiles(folder, draft, conversions)).toEqual([
      { name: 'c.png', reason: 'PNG cannot become TXT' },
      { name: 'd.txt', reason: 'already TXT' },
      { name: 'setup.exe', reason: 'not a type the service converts' },
      { name: 'README', reason: 'not a type the service converts' },
    ]);
  });

  it('says a type was left out by the rule when only one type is taken', () => {
    const folder = survey('a.pdf', 'b.docx');
    const draft = { to: 'txt', from: ['pdf'] };
    expect(takenCount(folder, draft, conversions)).toBe(1);
    expect(ignoredFiles(folder, draft, conversions)).toEqual([
      { name: 'b.docx', reason: 'DOCX is not the type chosen above' },
    ]);
  });
});
