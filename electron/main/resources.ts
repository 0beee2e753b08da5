// Files from resources/ (icons) at run time. They are packed into the app (asar), which
// nativeImage reads directly, so the same path works in development and when installed.
import { join } from 'node:path';
import { app } from 'electron';

export function resourcePath(...parts: string[]): string {
  return join(app.getAppPath(), 'resources', ...parts);
}
