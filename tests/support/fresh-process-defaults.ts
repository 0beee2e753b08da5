// Unit files share their worker's modules (vitest.config.ts, isolate: false), so a switch one
// file flips for its whole process would still be flipped in the next file: the desktop service
// makes sentences speak to the window and sets the window's language. Before each file, this
// puts back what a fresh process starts with: sentences for a terminal, in English.
import { beforeAll } from 'vitest';
import { setLanguage } from '../../shared/i18n/index.ts';
import { speakTo } from '../../shared/messages.ts';

beforeAll(() => {
  speakTo('terminal');
  setLanguage('en');
});
