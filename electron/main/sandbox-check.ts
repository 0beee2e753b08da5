// Linux AppImage on Ubuntu 24.04 and later: AppArmor forbids unprivileged user namespaces
// unless a profile allows them, and an AppImage (mounted from a temporary folder, no setuid
// helper) has no such profile, so Chromium's sandbox cannot start. The .deb installs a profile
// (electron-builder.yml); for the AppImage the app says what to do instead of dying unexplained.
// Pure: the facts are read by the caller, so a plain test covers every combination.

export interface SandboxFacts {
  platform: NodeJS.Platform;
  /** process.env.APPIMAGE: set by the AppImage runtime. */
  appImage: string | undefined;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns, if present. */
  apparmorRestrictsUserns: string | undefined;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian's switch), if present. */
  usernsClone: string | undefined;
  /** The command line asked Chromium to run without its sandbox. */
  noSandboxFlag: boolean;
}

export type SandboxVerdict = { ok: true } | { ok: false; fix: string };

/** The one-line fix the README also gives: an AppArmor profile for this AppImage's path. */
export function appArmorFix(appImage: string): string {
  const profile = `abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile ifileconverter-appimage "${appImage}" flags=(unconfined) {\\n  userns,\\n}\\n`;
  return `printf '${profile}' | sudo tee /etc/apparmor.d/ifileconverter-appimage && sudo apparmor_parser -r /etc/apparmor.d/ifileconverter-appimage`;
}

export function checkAppImageSandbox(facts: SandboxFacts): SandboxVerdict {
  if (facts.platform !== 'linux' || !facts.appImage) return { ok: true };
  // Chromium aborts before any app code runs when the sandbox cannot start, so reaching this
  // point with the sandbox on means it works (a profile is in place). The case the app can
  // speak to: the person had to turn the sandbox off (--no-sandbox) on such a kernel.
  if (!facts.noSandboxFlag) return { ok: true };
  const restricted = facts.apparmorRestrictsUserns?.trim() === '1' || facts.usernsClone?.trim() === '0';
  return restricted ? { ok: false, fix: appArmorFix(facts.appImage) } : { ok: true };
}
