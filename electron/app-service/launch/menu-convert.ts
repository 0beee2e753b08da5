// "Convert with iFileConverter > PDF" from a file manager: the batch converts without opening
// the window, exactly like the tray's "Convert files…" once its question is answered; the
// finished batch gets the usual one notification. The command line is outside input, so it is
// checked like IPC input: the contract's schemas, a format the service offers, files that
// exist and can become that format. What cannot be converted is told in one notification with
// the usual sentences; problems the window can solve (no key, not enough tokens) go there.
import { invokeChannels } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { AppService } from '../service.ts';

export interface MenuConvertDeps {
  service: Pick<AppService, 'handlers' | 'stageExternal'>;
  notify(title: string, body: string): void;
  showWindow(): void;
}

export type MenuConvertOutcome = 'started' | 'nothing-to-convert' | 'handed-to-window';

/** Lines shown in one notification before "and N more". */
const LISTED = 3;

function problemsNotice(problems: { name: string; reason: string }[]): { title: string; body: string } {
  const shown = problems.slice(0, LISTED).map((problem) => `${problem.name}: ${problem.reason}`);
  if (problems.length > LISTED) shown.push(`and ${problems.length - LISTED} more`);
  const title =
    problems.length === 1 ? '1 file was not converted' : `${problems.length} files were not converted`;
  return { title, body: shown.join('\n') };
}

const nameOf = (path: string) => path.split(/[\\/]/).pop() || path;

export async function convertFromMenu(
  deps: MenuConvertDeps,
  to: string,
  paths: string[],
): Promise<MenuConvertOutcome> {
  const { service } = deps;
  const input = invokeChannels['files:stageDropped'].input.safeParse({ paths });
  if (!input.success) {
    deps.notify('Nothing was converted', messageFor('invalid_input'));
    return 'nothing-to-convert';
  }
  const snapshot = await service.handlers['app:snapshot']({});
  const conversions = snapshot.ok ? snapshot.value.conversions : {};
  const offered = new Set(Object.values(conversions).flat());
  // An empty table (the service not answering yet) leaves the check to each staged file.
  if (offered.size > 0 && !offered.has(to)) {
    deps.notify('Nothing was converted', messageFor('menu_format_unknown'));
    return 'nothing-to-convert';
  }
  const staged = await service.handlers['files:stageDropped'](input.data);
  if (!staged.ok) {
    // No key, offline server down ...: the window says what to do and keeps the files.
    await service.stageExternal(paths);
    deps.showWindow();
    return 'handed-to-window';
  }
  const convertible = staged.value.files.filter((file) => file.targets.includes(to));
  const problems = [
    ...staged.value.skipped.map((skipped) => ({
      name: skipped.name || nameOf(skipped.path),
      reason: skipped.reason,
    })),
    ...staged.value.files
      .filter((file) => !file.targets.includes(to))
      .map((file) => ({ name: file.name, reason: messageFor('unsupported_conversion') })),
  ];
  if (problems.length > 0) {
    const notice = problemsNotice(problems);
    deps.notify(notice.title, notice.body);
  }
  if (convertible.length === 0) return 'nothing-to-convert';
  const request = invokeChannels['batch:start'].input.safeParse({
    items: convertible.map((file) => ({ stageId: file.stageId, to })),
    partial: false,
  });
  const started = request.success ? await service.handlers['batch:start'](request.data) : undefined;
  if (!started?.ok) {
    // Not enough tokens, an invalid key ...: the window explains and offers what can be done.
    await service.stageExternal(convertible.map((file) => file.path));
    deps.showWindow();
    return 'handed-to-window';
  }
  return 'started';
}
