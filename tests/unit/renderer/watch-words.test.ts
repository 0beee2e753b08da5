// How Settings -> Watch folders words a rule and its state.
import { describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import type { WatchFolderEntry, WatchStatus } from '../../../shared/watch.ts';
import {
  afterWords,
  countsWords,
  formatsWords,
  outputWords,
  primaryWatchAction,
  targetsOffered,
  watchStateWords,
} from '../../../renderer/src/view/watch-words.ts';
import { watchEntry } from './watch-entry.ts';
import { sourcesFor } from '../../../shared/formats.ts';

function entry(status: Partial<WatchStatus>, paused = false): WatchFolderEntry {
  return watchEntry('r', status, { folder: '/in', paused });
}

const missing = { code: 'watch_folder_missing' as const, message: messageFor('watch_folder_missing') };

describe('watch folder words', () => {
  it('names each state, with what to do where there is something to do', () => {
    expect(watchStateWords(entry({}))).toEqual({ label: 'Watching', tone: 'done' });
    expect(watchStateWords(entry({ state: 'paused' }, true)).label).toBe('Paused');
    expect(watchStateWords(entry({ state: 'waiting-tokens', waiting: { required: 4, balance: 1 } }))).toEqual(
      {
        label: 'Waiting for tokens',
        tone: 'waiting',
        detail:
          'The next file needs 4 tokens and your balance is 1 token. It carries on by itself once you top up.',
      },
    );
    // Lost while running (state still "watching") or at start: the same words.
    expect(watchStateWords(entry({ error: missing }))).toMatchObject({
      label: 'Folder missing',
      detail: messageFor('watch_folder_missing'),
    });
    expect(watchStateWords(entry({ state: 'error', error: missing })).label).toBe('Folder missing');
    expect(watchStateWords(entry({ state: 'stopped' })).label).toBe('Not running');
  });

  it('offers pause, resume or try again as the first action', () => {
    expect(primaryWatchAction(entry({}))).toBe('pause');
    expect(primaryWatchAction(entry({ state: 'paused' }, true))).toBe('resume');
    expect(primaryWatchAction(entry({ state: 'error', error: missing }))).toBe('retry');
    expect(primaryWatchAction(entry({ error: missing }))).toBe('retry');
  });

  it('sums up formats, results and counts', () => {
    expect(formatsWords({ from: [], to: 'xlsx' })).toBe('Any type → XLSX');
    expect(formatsWords({ from: ['pdf', 'docx'], to: 'txt' })).toBe('PDF, DOCX → TXT');
    expect(afterWords('move')).toBe('Originals moved to "Converted"');
    expect(outputWords({})).toBe('Saved next to each original');
    expect(outputWords({ outDir: '/out' })).toBe('Saved in /out');
    expect(countsWords(entry({}).status)).toBeUndefined();
    expect(countsWords(entry({ converted: 1, inFlight: 2, settling: 1, queued: 2, failed: 1 }).status)).toBe(
      '1 file converted · 2 converting · 3 waiting · 1 failed',
    );
  });

  it('offers only targets and sources the service converts', () => {
    const conversions = { pdf: ['xlsx', 'txt'], csv: ['xlsx', 'json'], md: ['html'] };
    expect(targetsOffered(conversions)).toEqual(['html', 'json', 'txt', 'xlsx']);
    expect(sourcesFor({ conversions }, 'xlsx')).toEqual(['csv', 'pdf']);
    expect(sourcesFor({ conversions }, 'png')).toEqual([]);
  });
});
