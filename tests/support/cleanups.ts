// What a test set up and must undo (servers, engines, temp folders): pushed as it is made and
// undone after each test, last made first undone. One home for the afterEach that test files
// with a rig of their own kept writing.
import { afterEach } from 'vitest';

/** Registers the afterEach in the calling test file; push a cleanup onto the returned list. */
export function cleanupsAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}
