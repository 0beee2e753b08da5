// Français : zone de notification, notifications et boîtes de dialogue du système.
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  'tray.balanceUnknown': 'Solde : pas encore connu',
  'tray.offline': 'Hors ligne sur cet ordinateur : les conversions sont gratuites',
  'tray.balance': 'Solde : {count, plural, one {# jeton} other {# jetons}}',
  'tray.idle': 'Aucune conversion en cours',
  'tray.waitingPaused':
    '{count, plural, one {# fichier en attente (en pause)} other {# fichiers en attente (en pause)}}',
  'tray.converting': 'Conversion de {count, plural, one {# fichier} other {# fichiers}}',
  'tray.tooltip': '{product} : {state}',
  'tray.watching': 'Surveillance de {count, plural, one {# dossier} other {# dossiers}}',
  'tray.watchingTokens':
    'Surveillance de {count, plural, one {# dossier} other {# dossiers}} (en attente de jetons)',
  'tray.watchPaused':
    '{count, plural, one {Dossier surveillé en pause} other {Dossiers surveillés en pause}}',
  'tray.noRecent': 'Aucun résultat récent',
  'tray.convertFiles': 'Convertir des fichiers…',
  'tray.recent': 'Résultats récents',
  'tray.resumeAll': 'Tout reprendre',
  'tray.pauseAll': 'Tout mettre en pause',
  'tray.open': 'Ouvrir {product}',
  'tray.quit': 'Quitter',
  'notice.finished': 'Conversion terminée',
  'notice.failed': 'Échec de la conversion',
  'notice.problems': 'Conversion terminée avec des problèmes',
  'notice.converted': '{count, number} converti(s)',
  'notice.failedCount': '{count, number} en échec',
  'notice.waiting': '{count, number} en attente',
  'notice.watchOnHold': 'Dossiers surveillés en attente',
  'dialog.chooseFiles': 'Choisir les fichiers à convertir',
  'dialog.outputFolder': 'Enregistrer les fichiers convertis dans',
  'dialog.watchFolder': 'Choisir un dossier à surveiller',
  'dialog.convertTo': 'Convertir {what} en :',
  'dialog.oneFile': '« {name} »',
  'dialog.files': '{count, plural, one {# fichier} other {# fichiers}}',
  'dialog.cancel': 'Annuler',
  'dialog.startFailed': '{product} n’a pas pu démarrer',
  'dialog.exportInvoices': 'Exporter les factures',
  'notice.notConverted': '{count, number} non converti(s)',
} satisfies AreaMessages;
