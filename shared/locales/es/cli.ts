// Español: las líneas legibles de `ifc` (nunca su salida --json).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  'state.completed': 'listo',
  'state.failed': 'error',
  'state.stalled': 'detenido',
  'state.skipped': 'omitido',
  'state.queued': 'en cola',
  'state.pending': 'pendiente',
  'state.uploading': 'subiendo',
  'state.processing': 'convirtiendo',
  'state.downloading': 'descargando',
  'state.cancelled': 'cancelado',
  summary:
    '{completed, number} listos, {failed, number} con error, {pending, number} pendientes, {skipped, number} omitidos; {spent, plural, one {# token gastado} other {# tokens gastados}}.',
  summaryBalance:
    '{completed, number} listos, {failed, number} con error, {pending, number} pendientes, {skipped, number} omitidos; {spent, plural, one {# token gastado} other {# tokens gastados}}, saldo {balance, number}.',
  balance: '{count, plural, one {# token} other {# tokens}}',
  cost: 'Coste por archivo: {base} + {perMb} por MB empezado, en tokens.',
  costMultipliers: 'Coste por archivo: {base} + {perMb} por MB empezado ({multipliers}), en tokens.',
  noJobs: 'El registro no contiene trabajos.',
  keyPrompt: 'Clave de API: ',
  keyStored:
    'La clave funciona ({count, plural, one {# token} other {# tokens}}) y está guardada en el llavero del sistema para {url}.',
  keyRemoved: 'La clave de {url} se quitó del llavero del sistema.',
  keyNone: 'No había ninguna clave guardada para {url}.',
  serveLocal: 'Servidor local de iFileConverter en {url} (resultados en {origin}).',
  serveUseKey: 'Úselo con IFC_API_URL={url} y su clave en IFC_API_KEY.',
  serveUse: 'Úselo con IFC_API_URL={url} IFC_API_KEY={key}',
  serveStop: 'Pulse Ctrl-C para detenerlo.',
  merged:
    '{parts, plural, one {# archivo unido} other {# archivos unidos}} en {output} ({pages, plural, one {# página} other {# páginas}}).',
  watching: 'Vigilando {folder} para convertir archivos a {to}. Pulse Ctrl-C para detenerlo.',
  ttyWaiting: '{count, plural, one {# archivo en espera} other {# archivos en espera}}',
  ttyMoreInProgress: '{count, plural, one {# archivo más en curso} other {# archivos más en curso}}',
  ttyInProgress: '{count, plural, one {# archivo en curso} other {# archivos en curso}}',
} satisfies AreaMessages;
