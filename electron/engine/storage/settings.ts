// The desktop app's settings: one versioned JSON file in userData, written atomically,
// validated field by field on load so one bad value costs that value, not every setting. A file
// that cannot be parsed at all is set aside and reported; the app starts on defaults instead
// of crashing.
import { join } from 'node:path';
import { Settings } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import { type Failure, fail, ok, type Result } from '../../../shared/result.ts';
import { readJsonFile, setAside, writeJsonAtomic } from './atomic-json.ts';

export const SETTINGS_FILE = 'settings.json';
export const SETTINGS_VERSION = 1;
export const DEFAULT_CLOUD_URL = 'https://www.ifileconverter.co.uk';

export function defaultSettings(): Settings {
  return {
    endpoint: { kind: 'cloud' },
    proxy: { kind: 'system' },
    output: { kind: 'next-to-source' },
    conflict: 'rename',
    concurrency: 3,
    notifications: true,
    launchAtLogin: false,
    defaultTargets: {},
    theme: 'system',
    language: 'system',
    fileManagerMenu: false,
    updateChecks: true,
  };
}

/** The API base URL the settings point at, or undefined for "This computer (offline)". */
export function cloudUrlOf(settings: Settings): string | undefined {
  return settings.endpoint.kind === 'cloud' ? (settings.endpoint.url ?? DEFAULT_CLOUD_URL) : undefined;
}

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file was damaged or held invalid values (shown once to the person). */
  problem?: Failure;
  /** Fields that held invalid values and were reset to their defaults. */
  resetFields: string[];
  /** The file's version when it was older than this build's and was upgraded. */
  migratedFrom?: number;
}

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

// Version 0 is the bare object written before the versioned envelope existed: the endpoint
// was a URL string or "local", and the output folder was `outputDir` (null = next to source).
const MIGRATIONS: Record<number, Migration> = {
  0: (raw) => {
    const { outputDir, ...rest } = raw;
    const next: Record<string, unknown> = { ...rest };
    if (typeof raw.endpoint === 'string') {
      next.endpoint = raw.endpoint === 'local' ? { kind: 'local' } : { kind: 'cloud', url: raw.endpoint };
    }
    if ('outputDir' in raw) {
      next.output =
        typeof outputDir === 'string' && outputDir.length > 0
          ? { kind: 'folder', path: outputDir }
          : { kind: 'next-to-source' };
    }
    return next;
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps every field that validates, replaces the others with defaults and names them. */
export function validateSettings(raw: Record<string, unknown>): {
  settings: Settings;
  resetFields: string[];
} {
  const defaults = defaultSettings() as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  const resetFields: string[] = [];
  for (const [field, schema] of Object.entries(Settings.shape)) {
    if (!(field in raw)) {
      merged[field] = defaults[field];
      continue;
    }
    const parsed = schema.safeParse(raw[field]);
    if (parsed.success) {
      merged[field] = parsed.data;
    } else {
      merged[field] = defaults[field];
      resetFields.push(field);
    }
  }
  return { settings: Settings.parse(merged), resetFields };
}

function unpack(value: unknown): { version: number; body: Record<string, unknown> } | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.version === 'number' && isRecord(value.settings)) {
    return { version: value.version, body: value.settings };
  }
  if ('version' in value) return undefined;
  return { version: 0, body: value };
}

function migrate(unpacked: { version: number; body: Record<string, unknown> }): Record<string, unknown> {
  let body = unpacked.body;
  for (let version = unpacked.version; version < SETTINGS_VERSION; version += 1) {
    body = MIGRATIONS[version]?.(body) ?? body;
  }
  return body;
}

/** The settings as saved, read without changing the file: for `ifc`, which reads the desktop
 *  app's choice of endpoint but never owns the file. Undefined when missing or unreadable. */
export async function peekSettings(dir: string): Promise<Settings | undefined> {
  const read = await readJsonFile(join(dir, SETTINGS_FILE));
  const unpacked = read.kind === 'ok' ? unpack(read.value) : undefined;
  return unpacked ? validateSettings(migrate(unpacked)).settings : undefined;
}

function reset(code: 'settings_reset', details: Record<string, unknown>): Failure {
  return { code, message: messageFor(code), details };
}

export async function loadSettings(dir: string): Promise<LoadedSettings> {
  const path = join(dir, SETTINGS_FILE);
  const read = await readJsonFile(path);
  if (read.kind === 'missing') return { settings: defaultSettings(), resetFields: [] };
  const unpacked = read.kind === 'ok' ? unpack(read.value) : undefined;
  if (!unpacked) {
    const keptAt = await setAside(path);
    const settings = defaultSettings();
    await saveSettings(dir, settings);
    const reason = read.kind === 'broken' ? read.reason : 'not a settings file';
    return { settings, resetFields: [], problem: reset('settings_reset', { reason, keptAt }) };
  }
  const { settings, resetFields } = validateSettings(migrate(unpacked));
  const migratedFrom = unpacked.version < SETTINGS_VERSION ? unpacked.version : undefined;
  // A file from a newer build is left as it is until the person changes a setting here.
  if (unpacked.version <= SETTINGS_VERSION && (migratedFrom !== undefined || resetFields.length > 0)) {
    await saveSettings(dir, settings);
  }
  return {
    settings,
    resetFields,
    ...(migratedFrom !== undefined ? { migratedFrom } : {}),
    ...(resetFields.length > 0 ? { problem: reset('settings_reset', { fields: resetFields }) } : {}),
  };
}

export async function saveSettings(dir: string, settings: Settings): Promise<void> {
  await writeJsonAtomic(join(dir, SETTINGS_FILE), { version: SETTINGS_VERSION, settings });
}

/** Applies a patch from the window; the result must validate as a whole or nothing changes. */
export function patchSettings(current: Settings, patch: Partial<Settings>): Result<Settings> {
  const parsed = Settings.safeParse({ ...current, ...patch });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(settings)');
    return fail({ code: 'invalid_input', message: messageFor('invalid_input'), details: { fields } });
  }
  return ok(parsed.data);
}
