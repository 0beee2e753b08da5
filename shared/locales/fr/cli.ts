// Français : les lignes lisibles de `ifc` (jamais sa sortie --json).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  'state.completed': 'terminé',
  'state.failed': 'échec',
  'state.stalled': 'bloqué',
  'state.skipped': 'ignoré',
  'state.queued': 'en file',
  'state.pending': 'suspendu',
  'state.uploading': 'envoi',
  'state.processing': 'conversion',
  'state.downloading': 'téléchargement',
  'state.cancelled': 'annulé',
  summary:
    '{completed, number} terminé(s), {failed, number} en échec, {pending, number} en suspens, {skipped, number} ignoré(s) ; {spent, plural, one {# jeton dépensé} other {# jetons dépensés}}.',
  summaryBalance:
    '{completed, number} terminé(s), {failed, number} en échec, {pending, number} en suspens, {skipped, number} ignoré(s) ; {spent, plural, one {# jeton dépensé} other {# jetons dépensés}}, solde {balance, number}.',
  balance: '{count, plural, one {# jeton} other {# jetons}}',
  cost: 'Coût par fichier : {base} + {perMb} par Mo entamé, en jetons.',
  costMultipliers: 'Coût par fichier : {base} + {perMb} par Mo entamé ({multipliers}), en jetons.',
  noJobs: 'Le journal ne contient aucune tâche.',
  keyPrompt: 'Clé API : ',
  keyStored:
    'La clé fonctionne ({count, plural, one {# jeton} other {# jetons}}) et est enregistrée dans le trousseau système pour {url}.',
  keyRemoved: 'La clé pour {url} a été retirée du trousseau système.',
  keyNone: 'Aucune clé n’était enregistrée pour {url}.',
  serveLocal: 'Serveur iFileConverter local sur {url} (résultats sur {origin}).',
  serveUseKey: 'Utilisez-le avec IFC_API_URL={url} et votre clé dans IFC_API_KEY.',
  serveUse: 'Utilisez-le avec IFC_API_URL={url} IFC_API_KEY={key}',
  serveStop: 'Ctrl-C pour arrêter.',
  merged:
    '{parts, plural, one {# fichier réuni} other {# fichiers réunis}} dans {output} ({pages, plural, one {# page} other {# pages}}).',
  watching: 'Surveillance de {folder} : fichiers à convertir en {to}. Ctrl-C pour arrêter.',
  ttyWaiting: '{count, plural, one {# fichier en attente} other {# fichiers en attente}}',
  ttyMoreInProgress: '{count, plural, one {# autre fichier en cours} other {# autres fichiers en cours}}',
  ttyInProgress: '{count, plural, one {# fichier en cours} other {# fichiers en cours}}',
} satisfies AreaMessages;
