// Which converted files "Open" may hand to the operating system. Types that run code when
// opened (programs, scripts, installers, shortcuts) get "Show in folder" only: a result is a
// file a server sent, and opening one must never mean running it. The window hides "Open"
// for these and main refuses them again.

/** Extensions, lower case, without the dot. Windows, macOS and Linux launchers alike. */
// biome-ignore format: one list, grouped by platform, is easier to review than one per line
export const RUNNABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows programs, installers and scripts
  'exe', 'msi', 'msp', 'msix', 'appx', 'bat', 'cmd', 'com', 'scr', 'pif', 'cpl', 'dll', 'sys',
  'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'cjs', 'wsf', 'wsh', 'hta', 'lnk',
  'url', 'reg', 'inf', 'msc', 'gadget', 'application', 'appref-ms', 'settingcontent-ms',
  'library-ms', 'scf', 'chm', 'iso', 'img', 'vhd', 'vhdx',
  // Java and other runtimes
  'jar', 'jnlp', 'class', 'py', 'pyw', 'pyc', 'rb', 'pl', 'php', 'lua', 'tcl',
  // macOS
  'app', 'command', 'tool', 'pkg', 'mpkg', 'dmg', 'scpt', 'applescript', 'workflow',
  'terminal', 'webloc', 'inetloc', 'fileloc', 'kext', 'prefpane',
  // Linux and Unix
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'fish', 'run', 'bin', 'elf', 'out', 'desktop',
  'appimage', 'deb', 'rpm', 'snap', 'flatpak', 'flatpakref',
]);

function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** True when "Open" may be offered for this result (by its file name or path). */
export function mayOpenResult(path: string): boolean {
  const ext = extensionOf(path);
  // No extension: the OS would decide by content, which could be a program.
  return ext !== '' && !RUNNABLE_EXTENSIONS.has(ext);
}
