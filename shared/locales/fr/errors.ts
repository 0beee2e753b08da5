// Français : les phrases des codes d’erreur (source : shared/messages.ts).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  file_missing: 'Ce fichier n’existe plus. Vérifiez qu’il n’a pas été déplacé ou supprimé.',
  file_unreadable: 'Ce fichier ne peut pas être lu. Vérifiez que vous avez le droit de l’ouvrir.',
  file_changed: 'Ce fichier a changé pendant son envoi. Réessayez quand plus rien n’écrit dedans.',
  file_empty: 'Ce fichier est vide (0 octet) : il n’y a rien à convertir.',
  file_too_large:
    'Ce fichier est plus gros que ce que le service accepte. Divisez-le ou compressez-le, puis réessayez.',
  is_directory:
    'C’est un dossier : déposez sur la fenêtre les fichiers qu’il contient, ou le dossier lui-même.',
  unknown_format:
    'Ce type de fichier n’est pas pris en charge : le nom du fichier n’a pas d’extension connue.',
  unsupported_conversion:
    'Ce fichier ne peut pas être converti dans ce format. Choisissez l’un des formats proposés.',
  unsupported_format: 'Le service que vous utilisez ne peut pas convertir les fichiers de ce type.',
  bad_request: 'La requête a été refusée. C’est un bogue de l’application ; merci de le signaler.',
  invalid_input: 'Certaines valeurs ne sont pas valides. Vérifiez-les et réessayez.',
  no_api_key:
    'Aucune clé API n’est définie. Ajoutez votre clé dans les Réglages, ou choisissez « Cet ordinateur, hors ligne ».',
  invalid_api_key: 'La clé API a été refusée. Vérifiez-la dans les Réglages et collez-la de nouveau.',
  key_incomplete:
    'Cela ne ressemble pas à une clé API complète. Copiez-la de nouveau depuis la page de votre compte et collez-la.',
  insufficient_tokens: 'Vous n’avez pas assez de jetons pour cela. Rechargez votre solde, puis reprenez.',
  keychain_unavailable:
    'Aucun trousseau système n’est disponible : la clé ne peut pas être enregistrée en toute sécurité. Utilisez-la pour cette session seulement, ou définissez IFC_API_KEY.',
  rate_limited: 'Le service est occupé. Attente demandée par le service avant tout nouvel envoi.',
  server_error:
    'Le service de conversion a rencontré un problème qui persiste après plusieurs essais. Réessayez plus tard.',
  network: 'Le service de conversion est injoignable. Vérifiez votre connexion Internet et réessayez.',
  protocol: 'Le service de conversion a envoyé une réponse incohérente. Réessayez plus tard.',
  not_found: 'Le service ne connaît plus cette tâche. Convertissez le fichier de nouveau.',
  conflict: 'Cette tâche est déjà terminée et ne peut plus être modifiée.',
  expired:
    'Le fichier converti a été supprimé par le service au bout de 24 heures. Convertissez le fichier de nouveau.',
  stalled:
    'Le service met beaucoup plus de temps que d’habitude. Vos jetons sont conservés : utilisez « Vérifier de nouveau » plus tard.',
  encrypted_input: 'Ce fichier est protégé par un mot de passe. Retirez le mot de passe et réessayez.',
  corrupt_input:
    'Ce fichier est endommagé ou n’est pas vraiment du type qu’indique son nom. Ouvrez-le pour vérifier, puis réessayez.',
  conversion_error:
    'Le service n’a pas pu convertir ce fichier. Vérifiez qu’il s’ouvre correctement, puis réessayez.',
  disk_full:
    'Il n’y a plus d’espace là où le résultat devait être enregistré. Libérez de l’espace, puis réessayez.',
  output_unwritable:
    'Le résultat n’a pas pu être enregistré dans ce dossier. Vérifiez que vous pouvez y écrire, ou choisissez-en un autre.',
  result_damaged:
    'Le service a renvoyé un fichier endommagé, il n’a donc pas été enregistré. Convertissez-le de nouveau ; si cela se reproduit, contactez le service.',
  download_mismatch: 'Le fichier téléchargé n’est pas arrivé complet. Il va être téléchargé de nouveau.',
  output_exists:
    'Un fichier portant ce nom existe déjà, et le réglage en cas de conflit indique de l’ignorer.',
  cancelled: 'Annulé.',
  interrupted:
    'Arrêté avant la fin. La tâche reprendra au prochain démarrage de l’application (ou avec « ifc resume »).',
  state_locked:
    'Un autre iFileConverter utilise déjà cette liste de tâches. Fermez-le d’abord, ou choisissez un autre dossier d’état.',
  journal_corrupt:
    'La liste de tâches enregistrée était endommagée ; elle a été mise de côté et une nouvelle a été commencée.',
  settings_reset:
    'Certains réglages enregistrés étaient endommagés ou non valides : ils ont été remis à leur valeur par défaut.',
  keychain_error:
    'Le trousseau système a refusé d’enregistrer ou de lire la clé. Déverrouillez-le, ou utilisez la clé pour cette session seulement.',
  stage_expired: 'Ces fichiers n’attendent plus d’être convertis. Ajoutez-les de nouveau.',
  no_result: 'Cette tâche n’a pas encore de fichier converti à afficher.',
  open_failed:
    'Le fichier converti n’a pas pu être ouvert. Vérifiez qu’une application pour ce type de fichier est installée.',
  local_server_failed:
    'Le convertisseur hors ligne de cet ordinateur n’a pas pu démarrer. Redémarrez l’application et réessayez.',
  internal: 'Un problème est survenu dans l’application. Merci de le signaler.',
  usage: 'Cette commande n’a pas été comprise. Lancez « ifc help » pour voir les commandes et leurs options.',
  no_api_key_cli:
    'Aucune clé API n’est définie. Lancez « ifc login », définissez IFC_API_KEY, ou ajoutez --endpoint local pour convertir sur cet ordinateur.',
  unknown_target_format:
    'Rien ne peut être converti dans ce format. Lancez « ifc formats » pour voir les formats proposés.',
  watch_folder_missing:
    'Le dossier surveillé n’existe pas ou ne peut pas être lu. Vérifiez-le dans Réglages -> Dossiers surveillés.',
  watch_waiting_tokens:
    'La surveillance est en attente : votre solde ne couvre pas le fichier suivant. Elle reprend d’elle-même dès que vous rechargez.',
  state_unwritable:
    'L’application ne peut pas écrire dans son dossier d’état et ne peut donc pas retenir ce qu’elle a converti. Vérifiez ce dossier.',
  move_failed:
    'L’original n’a pas pu être déplacé dans le dossier « Converted » : il a été laissé à sa place.',
  trash_failed: 'L’original n’a pas pu être mis à la corbeille : il a été laissé à sa place.',
  watch_duplicate: 'Ce dossier est déjà surveillé pour ce format. Modifiez plutôt la règle existante.',
  service_said: 'Le service a répondu : {message}',
  menu_format_unknown:
    "Le service que vous utilisez ne peut pas convertir vers ce format. Désactivez puis réactivez le menu contextuel dans les Réglages pour l'actualiser.",
  menu_update_failed:
    "Le menu contextuel n'a pas pu être modifié. Vérifiez que votre dossier personnel est accessible en écriture, puis réessayez l'option dans les Réglages.",
  certificate_untrusted:
    "Le certificat de sécurité du service n'a pas pu être vérifié : votre réseau inspecte peut-être les connexions sécurisées. Demandez à votre service informatique, ou ajoutez son certificat au magasin du système.",
  proxy_auth_required:
    "Le proxy demande une identification qui n'a pas été fournie ou pas acceptée. Indiquez le nom d'utilisateur et le mot de passe dans l'adresse du proxy (http://utilisateur:motdepasse@proxy:port) ou demandez à votre service informatique.",
  proxy_unsupported:
    'Le réglage de proxy du système indique un type de proxy que cette application ne peut pas utiliser (seulement HTTP, HTTPS et SOCKS5). Choisissez un autre proxy dans les Réglages ou demandez à votre service informatique.',
  proxy_invalid:
    "Cette adresse de proxy n'est pas valide. Utilisez http://hôte:port, https://hôte:port, socks5://hôte:port ou none.",
  insecure_redirect:
    "Le lien de téléchargement renvoyait le fichier vers une adresse non chiffrée ; il n'a donc pas été récupéré. Réessayez plus tard ou contactez le service.",
  content_encoding_unsupported:
    "Le téléchargement est arrivé dans un encodage que cette application ne sait pas lire ; il n'a donc pas été enregistré. Réessayez plus tard ou contactez le service.",
  download_refused:
    'Le serveur de stockage a refusé le lien de téléchargement. Réessayez ; si cela échoue encore, convertissez à nouveau le fichier.',
  keychain_silent:
    'Le trousseau système n’a pas répondu, votre clé enregistrée n’a donc pas pu être lue. Déverrouillez-le et réessayez, ou utilisez une clé pour cette session seulement.',
  endpoint_not_https:
    'L’adresse du service doit commencer par https:// (le simple http:// est réservé à un serveur sur cet ordinateur).',
  endpoint_invalid: 'Ce n’est pas une adresse de service. Elle devrait ressembler à https://example.com.',
  open_refused:
    'Les fichiers de ce type peuvent lancer des programmes, ils ne sont donc pas ouverts d’ici. Utilisez plutôt « Afficher dans le dossier ».',
  sandbox_unavailable:
    'Ce système ne permet pas à l’application de démarrer son bac à sable de sécurité. Installez le paquet .deb au lieu de l’AppImage, ou voyez « Install » dans le README pour la correction en une ligne.',
  ledger_unreachable:
    'Le registre des factures est injoignable. Le classeur est enregistré et la facture sera ajoutée dès que le registre sera de retour.',
  ledger_locked:
    'Le registre des factures est occupé par un autre programme. Le classeur est enregistré et la facture sera ajoutée plus tard.',
  ledger_full:
    'Il n’y a plus d’espace pour le registre des factures. Libérez de l’espace ; le classeur est enregistré et la facture sera ajoutée plus tard.',
  ledger_auth:
    'Le registre des factures a refusé le nom d’utilisateur ou le mot de passe. Vérifiez-les (Réglages, ou PGPASSWORD) ; la facture sera ajoutée plus tard.',
  ledger_failed:
    'Le registre des factures n’a pas pu accepter cette facture. Le classeur est enregistré et la facture sera ajoutée plus tard.',
  ledger_url_invalid:
    'Cette adresse de registre nous est inconnue : utilisez sqlite: suivi d’un chemin de fichier, ou postgres://user@host:port/database.',
  invoice_unreadable:
    'Le classeur converti n’a pas pu être lu comme une facture. Il est enregistré, mais rien n’a été ajouté au registre.',
  invoices_need_xlsx: 'Les factures sont lues dans des classeurs : utilisez --invoices avec --to xlsx.',
  correction_invalid:
    'Cette valeur ne convient pas à ce champ. Les dates s’écrivent AAAA-MM-JJ et les montants sont des nombres.',
  conversion_timeout:
    'La conversion de ce fichier a dépassé la durée autorisée et a donc été arrêtée. Découpez-le en fichiers plus petits et réessayez.',
  conversion_memory:
    'La conversion de ce fichier a demandé plus de mémoire que la limite ne le permet et a donc été arrêtée. Découpez-le en fichiers plus petits et réessayez.',
  result_too_large:
    'Le fichier converti aurait dépassé la taille autorisée, la conversion a donc été arrêtée. Découpez le fichier en parties plus petites et réessayez.',
  update_failed:
    "Les mises à jour n'ont pas pu être vérifiées pour le moment. Tout le reste fonctionne normalement ; l'application réessaiera demain.",
  update_damaged:
    "La mise à jour téléchargée ne correspondait pas à sa somme de contrôle publiée : elle a été supprimée et rien n'a été installé.",
  update_install_failed:
    "La mise à jour n'a pas pu être installée. Téléchargez plutôt la dernière version sur ifileconverter.co.uk.",
  update_busy:
    'Des fichiers sont encore en cours de conversion. Redémarrez pour mettre à jour une fois terminés, afin de ne rien perdre.',
  update_not_ready: "Aucune mise à jour téléchargée n'est encore prête à être installée.",
  combine_incomplete:
    "Tous les fichiers ne sont pas devenus des PDF (certains attendent des jetons ou ont été arrêtés) : rien n'a été assemblé.",
  pdf_no_text:
    'Ce PDF est un document numérisé sans texte : le lire demande une reconnaissance de texte (OCR), que le convertisseur hors ligne ne fait pas. Essayez le service en ligne, ou passez d’abord le PDF dans un logiciel d’OCR.',
  archive_input:
    'C’est une archive compressée. Décompressez-la et convertissez les fichiers qu’elle contient.',
  archive_input_window:
    'C’est une archive compressée. Décompressez-la et déposez ici les fichiers qu’elle contient.',
  not_found_window: 'Le service ne connaît plus cette conversion. Convertissez le fichier de nouveau.',
  conflict_window: 'Cette conversion est déjà terminée et ne peut plus être modifiée.',
  keychain_unavailable_window:
    'Aucun trousseau système n’est disponible, la clé ne peut donc pas être enregistrée en sécurité. Utilisez-la pour cette session seulement.',
  interrupted_window:
    'Arrêté avant la fin. La conversion reprendra d’elle-même au prochain démarrage de l’application.',
  state_locked_window:
    'Un autre iFileConverter convertit déjà avec cette liste de fichiers. Fermez-le d’abord.',
  journal_corrupt_window:
    'La liste des conversions enregistrée était endommagée ; elle a été mise de côté et une nouvelle a été commencée.',
  no_result_window: 'Ce fichier n’a pas encore de résultat converti à afficher.',
  state_unwritable_window:
    'L’application ne peut pas écrire dans son propre dossier de données, elle ne peut donc pas se souvenir de ce qu’elle a converti. Vérifiez qu’il reste de la place sur le disque.',
  formats_taken: 'Le convertisseur que vous utilisez accepte {formats}.',
  local_converter_stopped:
    'Le convertisseur hors ligne de cet ordinateur ne répond plus. Redémarrez l’application et réessayez.',
  stalled_local:
    'La conversion de ce fichier prend beaucoup plus de temps que d’habitude. Utilisez « Vérifier de nouveau » plus tard.',
  watch_not_chosen:
    'Aucun dossier n’est encore choisi. Cliquez sur « Ajouter un dossier… » et choisissez le dossier à surveiller.',
  spend_cap_batch:
    'Ce lot demande plus de jetons que votre limite par lot ne le permet. Convertissez moins de fichiers ou relevez la limite dans les Réglages.',
  spend_cap_month:
    'Ce lot demande plus de jetons qu’il n’en reste dans votre limite mensuelle. Convertissez moins de fichiers ou relevez la limite dans les Réglages.',
  receipt_empty: 'Rien n’a été facturé ici : il n’y a pas de reçu à exporter.',
  watch_paused_spend_cap:
    'La surveillance est en pause : ce mois-ci a atteint votre limite de dépense. Elle reprend d’elle-même le mois prochain, ou dès que vous relevez la limite dans les Réglages.',
} satisfies AreaMessages;
