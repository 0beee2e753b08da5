// Finder's right-click menu on macOS as Quick Actions: one Automator workflow bundle per target
// ("Convert with iFileConverter to PDF.workflow") and one "Open in iFileConverter.workflow", for
// the person's ~/Library/Services. An app's own Info.plist NSServices would need a native
// service provider object, which Electron cannot register; a workflow's NSServices entry is
// answered by macOS itself (NSMessage runWorkflowAsService), which runs the workflow's single
// "Run Shell Script" action with the selected files as its arguments. That script starts the app
// with the same `--convert-to=<format> <file>...` (or `--open <file>...`) command line as every
// other platform. Quick Actions have no submenus, hence one item per target, each offered only
// for the types that can become it (NSSendFileTypes holds Apple's type identifiers).
import { createHash } from 'node:crypto';
import plist, { type PlistObject } from 'plist';
import { shellArg } from './desktop-exec.ts';
import {
  type Conversions,
  CONVERT_MENU_LABEL,
  convertToLabel,
  menuSources,
  menuTargets,
  OPEN_MENU_LABEL,
} from './menu-formats.ts';

export const SERVICES_DIR = 'Library/Services';
export const WORKFLOW_SUFFIX = '.workflow';
/** The workflow runs through the services system, not through a message to our app. */
export const WORKFLOW_MESSAGE = 'runWorkflowAsService';
export const FINDER_ID = 'com.apple.finder';
export const RUN_SHELL_SCRIPT_ID = 'com.apple.RunShellScript';
/** Automator's "Run Shell Script" setting "Pass input: as arguments" (0 is "to stdin"). */
export const INPUT_AS_ARGUMENTS = 1;
export const SCRIPT_SHELL = '/bin/sh';
/** First line of every script we write: how a workflow of ours is told from the person's own. */
export const GENERATED_MARK =
  '# Written by iFileConverter Desktop (Settings: right-click menu); removed when switched off.';

/** How the workflows start the app: its .app bundle, and arguments it needs first (if any). */
export interface MacAppLaunch {
  /** The .app folder, e.g. /Applications/iFileConverter Desktop.app. */
  bundle: string;
  /** Arguments before ours: the app folder when Electron.app runs the source tree. */
  args: readonly string[];
}

export interface QuickAction {
  /** The menu item's words, and the bundle's name without `.workflow`. */
  label: string;
  /** The arguments before the selected files. */
  args: string[];
  /** Uniform Type Identifiers of the files it is offered for. */
  fileTypes: string[];
}

export interface WorkflowFile {
  /** Relative to the home folder. */
  path: string;
  content: string;
}

export function quickActions(conversions: Conversions): QuickAction[] {
  const sources = menuSources(conversions);
  const utis = (list: typeof sources) => [...new Set(list.map((source) => source.uti))].sort();
  return [
    ...menuTargets(conversions).map((to) => ({
      label: convertToLabel(to),
      args: [`--convert-to=${to}`],
      fileTypes: utis(sources.filter((source) => source.targets.includes(to))),
    })),
    { label: OPEN_MENU_LABEL, args: ['--open'], fileTypes: utis(sources) },
  ];
}

/**
 * The shell script of one Quick Action. Finder's selection arrives as "$@" (absolute paths).
 * `open -n` starts another instance even while the app runs: `open` would otherwise only bring
 * the running app forward and drop the arguments. That instance hands its command line to the
 * running one (single-instance lock) and quits. `open` returns at once, so the workflow's gear
 * in the menu bar does not spin for as long as the app runs (running the executable here
 * would). `-g` keeps a conversion in the background, as the tray's "Convert files..." does.
 */
export function quickActionScript(action: Pick<QuickAction, 'args'>, app: MacAppLaunch): string {
  const background = action.args[0] !== '--open';
  const open = ['open', '-n', ...(background ? ['-g'] : []), '-a', shellArg(app.bundle), '--args'];
  const args = [...app.args, ...action.args].map(shellArg);
  return [GENERATED_MARK, `exec ${[...open, ...args].join(' ')} "$@"`, ''].join('\n');
}

/** The bundle's Contents/Info.plist: the one service Finder lists under Quick Actions. */
export function workflowInfo(action: QuickAction): PlistObject {
  return {
    NSServices: [
      {
        NSMenuItem: { default: action.label },
        NSMessage: WORKFLOW_MESSAGE,
        // Offered in Finder, shown without a trip to System Settings.
        NSRequiredContext: { NSApplicationIdentifier: FINDER_ID },
        NSSendFileTypes: action.fileTypes,
      },
    ],
  };
}

/** A stable UUID per action and role, so a rewrite of the same menu writes the same bytes. */
function stableUuid(label: string, role: string): string {
  const hex = createHash('sha256').update(`${label}\u0000${role}`).digest('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-A${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The bundle's Contents/document.wflow, in the form Automator saves a Quick Action that
 * "receives files or folders in Finder" and has one "Run Shell Script" action passing its input
 * as arguments (Automator's document version 2).
 */
export function workflowDocument(action: QuickAction, app: MacAppLaunch): PlistObject {
  const shellAction = '/System/Library/Automator/Run Shell Script.action';
  const strings = { Container: 'List', Types: ['com.apple.cocoa.string'] };
  return {
    AMApplicationBuild: '523',
    AMApplicationVersion: '2.10',
    AMDocumentVersion: '2',
    actions: [
      {
        action: {
          AMAccepts: { ...strings, Optional: true },
          AMActionVersion: '2.0.3',
          AMApplication: ['Automator'],
          AMParameterProperties: {
            COMMAND_STRING: {},
            CheckedForUserDefaultShell: {},
            inputMethod: {},
            shell: {},
            source: {},
          },
          AMProvides: strings,
          ActionBundlePath: shellAction,
          ActionName: 'Run Shell Script',
          ActionParameters: {
            COMMAND_STRING: quickActionScript(action, app),
            CheckedForUserDefaultShell: true,
            inputMethod: INPUT_AS_ARGUMENTS,
            shell: SCRIPT_SHELL,
            source: '',
          },
          BundleIdentifier: RUN_SHELL_SCRIPT_ID,
          CFBundleVersion: '2.0.3',
          CanShowSelectedItemsWhenRun: false,
          CanShowWhenRun: true,
          Category: ['AMCategoryUtilities'],
          'Class Name': 'RunShellScriptAction',
          InputUUID: stableUuid(action.label, 'input'),
          Keywords: ['Shell', 'Script', 'Command', 'Run', 'Unix'],
          OutputUUID: stableUuid(action.label, 'output'),
          UUID: stableUuid(action.label, 'action'),
          UnlocalizedApplications: ['Automator'],
          arguments: {},
          isViewVisible: 1,
          location: '309.000000:253.000000',
          nibPath: `${shellAction}/Contents/Resources/Base.lproj/main.nib`,
        },
        isViewVisible: 1,
      },
    ],
    connectors: {},
    workflowMetaData: {
      applicationBundleIDsByPath: {},
      applicationPaths: [],
      inputTypeIdentifier: 'com.apple.Automator.fileSystemObject',
      outputTypeIdentifier: 'com.apple.Automator.nothing',
      presentationMode: 11,
      processesInput: false,
      serviceApplicationBundleID: FINDER_ID,
      serviceApplicationPath: '/System/Library/CoreServices/Finder.app',
      serviceInputTypeIdentifier: 'com.apple.Automator.fileSystemObject',
      serviceOutputTypeIdentifier: 'com.apple.Automator.nothing',
      serviceProcessesInput: false,
      systemImageName: 'NSActionTemplate',
      useAutomaticInputType: false,
      workflowTypeIdentifier: 'com.apple.Automator.servicesMenu',
    },
  };
}

/** Every file the switch installs in the home folder, as XML property lists. */
export function quickActionFiles(conversions: Conversions, app: MacAppLaunch): WorkflowFile[] {
  return quickActions(conversions).flatMap((action) => {
    const contents = `${SERVICES_DIR}/${action.label}${WORKFLOW_SUFFIX}/Contents`;
    return [
      { path: `${contents}/Info.plist`, content: plist.build(workflowInfo(action)) },
      { path: `${contents}/document.wflow`, content: plist.build(workflowDocument(action, app)) },
    ];
  });
}

/** A bundle name of the shape we write (whether it is ours is decided by its script's mark). */
export function hasOurName(name: string): boolean {
  return (
    name === `${OPEN_MENU_LABEL}${WORKFLOW_SUFFIX}` ||
    (name.startsWith(`${CONVERT_MENU_LABEL} to `) && name.endsWith(WORKFLOW_SUFFIX))
  );
}

/**
 * Where the app runs from: the .app bundle around the executable
 * (…/X.app/Contents/MacOS/X). Started from the source tree, the bundle is Electron.app and
 * the app folder comes first in the arguments.
 */
export function macAppLaunch(execPath: string, isPackaged: boolean, appPath: string): MacAppLaunch {
  const at = execPath.lastIndexOf('.app/Contents/MacOS/');
  const bundle = at >= 0 ? execPath.slice(0, at + '.app'.length) : execPath;
  return { bundle, args: isPackaged ? [] : [appPath] };
}
