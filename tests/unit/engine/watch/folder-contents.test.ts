// What a folder holds before it is watched: the Add form's survey (names and recognised
// formats, hidden, temporary and our own files left out, the top folder only, a long listing
// cut with a count), and "only files added from now on" recording each file there as present
// in the rule's ledger, so a watch passes over exactly those. Real temp folders.
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConvertedLedger } from '../../../../electron/engine/watch/converted-ledger.ts';
import {
  recordPresentFiles,
  SURVEY_LIMIT,
  surveyFolder,
} from '../../../../electron/engine/watch/folder-contents.ts';
import { factsOf } from '../../../../electron/engine/watch/stable-file.ts';

let dir: string;
let inbox: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-folder-contents-'));
  inbox = join(dir, 'inbox');
  await mkdir(join(inbox, 'sub'), { recursive: true });
  await mkdir(join(inbox, 'Converted'));
  await mkdir(join(inbox, '.hidden'));
  for (const name of ['b.pdf', 'a.CSV', 'README', '.DS_Store', 'report.docx.crdownload', '~$draft.docx'])
    await writeFile(join(inbox, name), name);
  await writeFile(join(inbox, 'sub', 'deep.png'), 'png');
  await writeFile(join(inbox, 'Converted', 'b.xlsx'), 'ours');
  await writeFile(join(inbox, '.hidden', 'secret.pdf'), 'hidden');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('surveying a folder', () => {
  it('lists the files directly in it, by name, with the formats it recognises', async () => {
    const survey = await surveyFolder(inbox);
    expect(survey).toEqual({
      ok: true,
      value: {
        folder: inbox,
        files: [{ name: 'README' }, { name: 'a.CSV', format: 'csv' }, { name: 'b.pdf', format: 'pdf' }],
        more: 0,
      },
    });
  });

  it('answers with the real path of a folder reached through a link', async () => {
    const link = join(dir, 'link');
    await symlink(inbox, link);
    const survey = await surveyFolder(link);
    expect(survey.ok && survey.value.folder).toBe(inbox);
  });

  it('lists at most SURVEY_LIMIT names and counts the rest', async () => {
    const many = join(dir, 'many');
    await mkdir(many);
    for (let i = 0; i < SURVEY_LIMIT + 3; i += 1)
      await writeFile(join(many, `f${String(i).padStart(4, '0')}.txt`), '');
    const survey = await surveyFolder(many);
    expect(survey.ok && survey.value.files.length).toBe(SURVEY_LIMIT);
    expect(survey.ok && survey.value.more).toBe(3);
    expect(survey.ok && survey.value.files[0]).toEqual({ name: 'f0000.txt', format: 'txt' });
  });

  it('says the folder is missing for a path that is gone or not a folder', async () => {
    for (const path of [join(dir, 'gone'), join(inbox, 'b.pdf')]) {
      const survey = await surveyFolder(path);
      expect(survey.ok ? undefined : survey.error.code).toBe('watch_folder_missing');
    }
  });
});

describe('recording the files already there', () => {
  it('records each file a recursive watch would look at as present, with its facts', async () => {
    const stateDir = join(dir, 'state');
    const recorded = await recordPresentFiles(stateDir, { id: 'rule-1', folder: inbox, recursive: true });
    expect(recorded).toEqual({ ok: true, value: 4 });

    const opened = await openConvertedLedger(stateDir, 'rule-1');
    if (!opened.ok) throw new Error(opened.error.code);
    const ledger = opened.value;
    try {
      const sources = ledger
        .entries()
        .map((entry) => entry.source)
        .sort();
      expect(sources).toEqual(
        ['README', 'a.CSV', 'b.pdf', join('sub', 'deep.png')].map((name) => join(inbox, name)),
      );
      expect(ledger.entries().every((entry) => entry.state === 'present')).toBe(true);
      // The watch passes over exactly these files while they stay as they are.
      const pdf = join(inbox, 'b.pdf');
      expect(ledger.unchangedSince(pdf, factsOf(await stat(pdf)))?.state).toBe('present');
      await writeFile(pdf, 'written again, longer');
      expect(ledger.unchangedSince(pdf, factsOf(await stat(pdf)))).toBeUndefined();
    } finally {
      await ledger.close();
    }
  });

  it('records only the top folder for a watch that does not recurse', async () => {
    const recorded = await recordPresentFiles(join(dir, 'state'), {
      id: 'rule-2',
      folder: inbox,
      recursive: false,
    });
    expect(recorded).toEqual({ ok: true, value: 3 });
  });

  it('leaves an output folder inside the watched one out', async () => {
    const recorded = await recordPresentFiles(join(dir, 'state'), {
      id: 'rule-3',
      folder: inbox,
      recursive: true,
      outDir: join(inbox, 'sub'),
    });
    expect(recorded).toEqual({ ok: true, value: 3 });
  });

  it('says the folder is missing when it is gone', async () => {
    const recorded = await recordPresentFiles(join(dir, 'state'), {
      id: 'r',
      folder: join(dir, 'gone'),
      recursive: false,
    });
    expect(recorded.ok ? undefined : recorded.error.code).toBe('watch_folder_missing');
  });
});
