// The sections of Settings, in the order of its side list. To add one (spend caps, say): write
// its component, then add an entry here with the i18n id of its name and, if it does not always apply,
// `shown`. The dialog builds the list, the keyboard handling and the panel from this table.
// `saveRule` is the one line each panel starts with: everything applies as it is made, or
// (for fields with their own button) it says which button keeps them.
import type { ReactNode } from 'react';
import type { MessageId } from '../../../shared/i18n/index.ts';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { AccountSection } from './AccountSection.tsx';
import { GeneralSection } from './GeneralSection.tsx';
import { LedgerSection } from './LedgerSection.tsx';
import { SpendCapsSection } from './SpendCapsSection.tsx';
import { WatchFoldersSection } from './WatchFoldersSection.tsx';

export interface SettingsSection {
  id: string;
  /** The i18n id of its name in the side list. */
  nameId: MessageId;
  saveRule: MessageId;
  render(settings: Settings): ReactNode;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  {
    id: 'general',
    nameId: 'settings.section.general',
    saveRule: 'settings.rule.atOnce',
    render: (settings) => <GeneralSection settings={settings} />,
  },
  {
    id: 'account',
    nameId: 'settings.section.account',
    saveRule: 'settings.rule.account',
    render: (settings) => <AccountSection settings={settings} />,
  },
  {
    id: 'spending',
    nameId: 'settings.section.spending',
    saveRule: 'settings.rule.atOnce',
    render: () => <SpendCapsSection />,
  },
  {
    id: 'watch',
    nameId: 'settings.section.watch',
    saveRule: 'settings.rule.watch',
    render: () => <WatchFoldersSection />,
  },
  {
    id: 'invoices',
    nameId: 'settings.section.invoices',
    saveRule: 'settings.rule.ledger',
    render: () => <LedgerSection />,
  },
];

/** The section to show: the one asked for, else the first. */
export function sectionNamed(id: string): SettingsSection {
  return SETTINGS_SECTIONS.find((section) => section.id === id) ?? SETTINGS_SECTIONS[0]!;
}
