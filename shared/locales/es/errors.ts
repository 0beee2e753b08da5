// Español: las frases de los códigos de error (fuente: shared/messages.ts).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  file_missing: 'Ese archivo ya no existe. Compruebe que no se haya movido ni eliminado.',
  file_unreadable: 'No se puede leer ese archivo. Compruebe que tiene permiso para abrirlo.',
  file_changed:
    'Ese archivo cambió mientras se enviaba. Vuelva a intentarlo cuando nada esté escribiendo en él.',
  file_empty: 'Ese archivo está vacío (0 bytes), así que no hay nada que convertir.',
  file_too_large:
    'Ese archivo es más grande de lo que acepta el servicio. Divídalo o comprímalo y vuelva a intentarlo.',
  is_directory: 'Eso es una carpeta: suelte en la ventana los archivos que contiene o la propia carpeta.',
  unknown_format:
    'Este tipo de archivo no es compatible: el nombre del archivo no tiene una extensión que reconozcamos.',
  unsupported_conversion:
    'Este archivo no se puede convertir a ese formato. Elija uno de los formatos ofrecidos.',
  unsupported_format: 'El servicio que usa no puede convertir archivos de este tipo.',
  bad_request: 'La solicitud no fue aceptada. Es un error de la aplicación; por favor, infórmelo.',
  invalid_input: 'Algunos datos no son válidos. Revise los valores y vuelva a intentarlo.',
  no_api_key:
    'No hay ninguna clave de API. Añada su clave en Ajustes o elija «Este ordenador, sin conexión».',
  invalid_api_key: 'La clave de API no fue aceptada. Revísela en Ajustes y vuelva a pegarla.',
  key_incomplete:
    'Eso no parece una clave de API completa. Cópiela de nuevo desde la página de su cuenta y péguela.',
  insufficient_tokens: 'No tiene suficientes tokens para esto. Recargue su saldo y luego reanude.',
  keychain_unavailable:
    'No hay ningún llavero del sistema disponible, así que la clave no puede guardarse de forma segura. Úsela solo en esta sesión o defina IFC_API_KEY.',
  rate_limited: 'El servicio está ocupado. Se espera lo que ha pedido antes de enviar nada más.',
  server_error:
    'El servicio de conversión tuvo un problema y no se recuperó tras varios intentos. Vuelva a intentarlo más tarde.',
  network:
    'No se pudo contactar con el servicio de conversión. Compruebe su conexión a Internet y vuelva a intentarlo.',
  protocol: 'El servicio de conversión envió una respuesta sin sentido. Vuelva a intentarlo más tarde.',
  not_found: 'El servicio ya no conoce este trabajo. Vuelva a convertir el archivo.',
  conflict: 'Ese trabajo ya ha terminado, así que no se puede cambiar.',
  expired: 'El servicio eliminó el archivo convertido a las 24 horas. Vuelva a convertir el archivo.',
  stalled:
    'El servicio tarda mucho más de lo habitual. Sus tokens se conservan: use «Comprobar de nuevo» más tarde.',
  encrypted_input: 'Este archivo está protegido con contraseña. Quite la contraseña y vuelva a intentarlo.',
  corrupt_input:
    'Este archivo está dañado o no es realmente del tipo que indica su nombre. Ábralo para comprobarlo y vuelva a intentarlo.',
  conversion_error:
    'El servicio no pudo convertir este archivo. Compruebe que se abre correctamente y vuelva a intentarlo.',
  disk_full: 'No queda espacio donde se iba a guardar el resultado. Libere espacio y vuelva a intentarlo.',
  output_unwritable:
    'No se pudo guardar el resultado en esa carpeta. Compruebe que puede escribir en ella o elija otra.',
  result_damaged:
    'El servicio devolvió un archivo dañado, así que no se guardó. Conviértalo de nuevo; si vuelve a ocurrir, contacte con el servicio.',
  download_mismatch: 'El archivo descargado no llegó completo. Se descargará de nuevo.',
  output_exists: 'Ya existe un archivo con ese nombre y el ajuste de conflictos indica omitirlo.',
  cancelled: 'Cancelado.',
  interrupted:
    'Se detuvo antes de terminar. Continuará la próxima vez que se inicie la aplicación (o con «ifc resume»).',
  state_locked:
    'Otro iFileConverter ya está usando esta lista de trabajos. Ciérrelo primero o elija otra carpeta de estado.',
  journal_corrupt: 'La lista de trabajos guardada estaba dañada; se apartó y se empezó una nueva.',
  settings_reset:
    'Algunos ajustes guardados estaban dañados o no eran válidos, así que se restablecieron a sus valores predeterminados.',
  keychain_error:
    'El llavero del sistema se negó a guardar o leer la clave. Desbloquéelo o use la clave solo en esta sesión.',
  stage_expired: 'Esos archivos ya no esperan a ser convertidos. Vuelva a añadirlos.',
  no_result: 'Este trabajo aún no tiene ningún archivo convertido que mostrar.',
  open_failed:
    'No se pudo abrir el archivo convertido. Compruebe que hay instalada una aplicación para este tipo de archivo.',
  local_server_failed:
    'El convertidor sin conexión de este ordenador no pudo iniciarse. Reinicie la aplicación y vuelva a intentarlo.',
  internal: 'Algo salió mal dentro de la aplicación. Por favor, infórmelo.',
  usage: 'No se entendió ese comando. Ejecute «ifc help» para ver los comandos y sus opciones.',
  no_api_key_cli:
    'No hay ninguna clave de API. Ejecute «ifc login», defina IFC_API_KEY o añada --endpoint local para convertir en este ordenador.',
  unknown_target_format:
    'Nada se puede convertir a ese formato. Ejecute «ifc formats» para ver los formatos disponibles.',
  watch_folder_missing:
    'La carpeta vigilada no existe o no se puede leer. Revísela en Ajustes -> Carpetas vigiladas.',
  watch_waiting_tokens:
    'La vigilancia está en espera: su saldo no cubre el siguiente archivo. Continúa sola en cuanto recargue.',
  state_unwritable:
    'La aplicación no puede escribir en su carpeta de estado, así que no puede recordar qué ha convertido. Revise esa carpeta.',
  move_failed: 'El original no se pudo mover a la carpeta «Converted», así que se dejó donde estaba.',
  trash_failed: 'El original no se pudo mover a la papelera, así que se dejó donde estaba.',
  watch_duplicate: 'Esa carpeta ya se vigila para ese formato. Edite la regla existente.',
  service_said: 'El servicio respondió: {message}',
  menu_format_unknown:
    'El servicio que usa no puede convertir a ese formato. Desactive y vuelva a activar el menú contextual en Ajustes para actualizarlo.',
  menu_update_failed:
    'No se pudo cambiar el menú contextual. Compruebe que se puede escribir en su carpeta de usuario y vuelva a probar la opción en Ajustes.',
  certificate_untrusted:
    'No se pudo verificar el certificado de seguridad del servicio: puede que su red inspeccione las conexiones seguras. Consulte a su equipo de TI o añada su certificado al almacén del sistema.',
  proxy_auth_required:
    'El proxy pide un inicio de sesión que no se dio o no se aceptó. Ponga el usuario y la contraseña en la dirección del proxy (http://usuario:contraseña@proxy:puerto) o consulte a su equipo de TI.',
  proxy_unsupported:
    'La configuración de proxy del sistema indica un tipo de proxy que esta aplicación no puede usar (solo HTTP, HTTPS y SOCKS5). Elija otro proxy en Ajustes o consulte a su equipo de TI.',
  proxy_invalid:
    'Esa dirección de proxy no es válida. Use http://host:puerto, https://host:puerto, socks5://host:puerto o none.',
  insecure_redirect:
    'El enlace de descarga enviaba el archivo a una dirección sin cifrar, así que no se descargó. Inténtelo más tarde o contacte con el servicio.',
  content_encoding_unsupported:
    'La descarga llegó en una codificación que esta aplicación no puede leer, así que no se guardó. Inténtelo más tarde o contacte con el servicio.',
  download_refused:
    'El servidor de almacenamiento rechazó el enlace de descarga. Inténtelo de nuevo; si sigue fallando, convierta el archivo otra vez.',
  keychain_silent:
    'El llavero del sistema no respondió, así que no se pudo leer su clave guardada. Desbloquéelo e inténtelo de nuevo, o use una clave solo en esta sesión.',
  endpoint_not_https:
    'La dirección del servicio debe empezar por https:// (http:// sin más es solo para un servidor en este ordenador).',
  endpoint_invalid: 'Eso no es una dirección de servicio. Debería parecerse a https://example.com.',
  open_refused:
    'Los archivos de este tipo pueden ejecutar programas, así que no se abren desde aquí. Use «Mostrar en la carpeta» en su lugar.',
  sandbox_unavailable:
    'Este sistema no deja que la aplicación inicie su entorno aislado de seguridad. Instale el paquete .deb en lugar del AppImage, o consulte «Install» en el README para la solución de una línea.',
  ledger_unreachable:
    'No se pudo acceder al registro de facturas. La hoja de cálculo está guardada y la factura se añadirá cuando el registro vuelva a estar disponible.',
  ledger_locked:
    'Otro programa está usando el registro de facturas. La hoja de cálculo está guardada y la factura se añadirá más tarde.',
  ledger_full:
    'No queda espacio para el registro de facturas. Libere espacio; la hoja de cálculo está guardada y la factura se añadirá más tarde.',
  ledger_auth:
    'El registro de facturas rechazó el nombre de usuario o la contraseña. Revíselos (Ajustes o PGPASSWORD); la factura se añadirá más tarde.',
  ledger_failed:
    'El registro de facturas no pudo aceptar esta factura. La hoja de cálculo está guardada y la factura se añadirá más tarde.',
  ledger_url_invalid:
    'No conocemos esa dirección de registro: use sqlite: seguido de una ruta de archivo, o postgres://user@host:port/database.',
  invoice_unreadable:
    'La hoja de cálculo convertida no se pudo leer como factura. Está guardada, pero no se añadió nada al registro.',
  invoices_need_xlsx: 'Las facturas se leen de hojas de cálculo: use --invoices con --to xlsx.',
  correction_invalid:
    'Ese valor no encaja en este campo. Las fechas son AAAA-MM-DD y los importes son números.',
  conversion_timeout:
    'La conversión de este archivo tardó más de lo que permite el límite de tiempo, así que se detuvo. Divídalo en archivos más pequeños y vuelva a intentarlo.',
  conversion_memory:
    'La conversión de este archivo necesitó más memoria de la que permite el límite, así que se detuvo. Divídalo en archivos más pequeños y vuelva a intentarlo.',
  result_too_large:
    'El archivo convertido superaría el tamaño que permite el límite, así que la conversión se detuvo. Divida el archivo en partes más pequeñas y vuelva a intentarlo.',
  update_failed:
    'No se han podido buscar actualizaciones en este momento. Todo lo demás funciona con normalidad; la aplicación lo volverá a intentar mañana.',
  update_damaged:
    'La actualización descargada no coincidía con su suma de comprobación publicada, así que se descartó y no se instaló nada.',
  update_install_failed:
    'No se ha podido instalar la actualización. Descargue la versión más reciente desde ifileconverter.co.uk.',
  update_busy:
    'Todavía se están convirtiendo archivos. Reinicie para actualizar cuando terminen, para no perder nada.',
  update_not_ready: 'Todavía no hay ninguna actualización descargada para instalar.',
  combine_incomplete:
    'No todos los archivos se convirtieron en PDF (algunos esperan tokens o se detuvieron), así que no se ha combinado nada.',
  pdf_no_text:
    'Este PDF es un escaneo sin texto: leerlo requiere reconocimiento de texto (OCR), que el convertidor sin conexión no hace. Pruebe el servicio en línea o pase antes el PDF por un programa de OCR.',
  archive_input: 'Es un archivo comprimido. Descomprímalo y convierta los archivos que contiene.',
  archive_input_window: 'Es un archivo comprimido. Descomprímalo y suelte aquí los archivos que contiene.',
  not_found_window: 'El servicio ya no conoce esta conversión. Vuelva a convertir el archivo.',
  conflict_window: 'Esa conversión ya ha terminado, así que no se puede cambiar.',
  keychain_unavailable_window:
    'No hay ningún llavero del sistema disponible, así que la clave no se puede guardar de forma segura. Úsela solo para esta sesión.',
  interrupted_window:
    'Se detuvo antes de terminar. Continuará sola la próxima vez que se inicie la aplicación.',
  state_locked_window:
    'Otro iFileConverter ya está convirtiendo con esta lista de archivos. Ciérrelo primero.',
  journal_corrupt_window: 'La lista de conversiones guardada estaba dañada; se apartó y se empezó una nueva.',
  no_result_window: 'Este archivo aún no tiene ningún resultado convertido que mostrar.',
  state_unwritable_window:
    'La aplicación no puede escribir en su propia carpeta de datos, así que no puede recordar lo que ha convertido. Compruebe que quede espacio libre en el disco.',
  formats_taken: 'El convertidor que está usando acepta {formats}.',
  local_converter_stopped:
    'El convertidor sin conexión de este equipo dejó de responder. Reinicie la aplicación y vuelva a intentarlo.',
  stalled_local:
    'La conversión de este archivo está tardando mucho más de lo habitual. Use «Comprobar de nuevo» más tarde.',
  watch_not_chosen:
    'Todavía no se ha elegido ninguna carpeta. Pulse «Añadir carpeta…» y elija la carpeta que quiere vigilar.',
  spend_cap_batch:
    'Este lote necesita más tokens de los que permite su límite por lote. Convierta menos archivos o suba el límite en Ajustes.',
  spend_cap_month:
    'Este lote necesita más tokens de los que deja su límite mensual. Convierta menos archivos o suba el límite en Ajustes.',
  receipt_empty: 'No se cobró nada ahí, así que no hay recibo que exportar.',
  watch_paused_spend_cap:
    'La vigilancia está en pausa: este mes ha alcanzado su límite de gasto. Continúa sola el mes que viene, o en cuanto suba el límite en Ajustes.',
} satisfies AreaMessages;
