// 日本語: `ifc` の人が読む行（--json の出力は変わりません）。
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  'state.completed': '完了',
  'state.failed': '失敗',
  'state.stalled': '停滞',
  'state.skipped': 'スキップ',
  'state.queued': '待ち',
  'state.pending': '保留',
  'state.uploading': 'アップロード中',
  'state.processing': '変換中',
  'state.downloading': 'ダウンロード中',
  'state.cancelled': 'キャンセル',
  summary:
    '完了 {completed, number}、失敗 {failed, number}、保留 {pending, number}、スキップ {skipped, number}。使用したトークン: {spent, plural, other {#}}。',
  summaryBalance:
    '完了 {completed, number}、失敗 {failed, number}、保留 {pending, number}、スキップ {skipped, number}。使用したトークン: {spent, plural, other {#}}、残高 {balance, number}。',
  balance: '{count, plural, other {# トークン}}',
  cost: '1 ファイルあたりの費用: {base} + 開始した 1 MB ごとに {perMb} トークン。',
  costMultipliers: '1 ファイルあたりの費用: {base} + 開始した 1 MB ごとに {perMb}（{multipliers}）トークン。',
  noJobs: 'ジャーナルにジョブはありません。',
  keyPrompt: 'API キー: ',
  keyStored:
    'キーは有効です（{count, plural, other {# トークン}}）。{url} 用としてシステムのキーチェーンに保存しました。',
  keyRemoved: '{url} 用のキーをシステムのキーチェーンから削除しました。',
  keyNone: '{url} 用のキーは保存されていませんでした。',
  serveLocal: 'ローカル iFileConverter サーバー: {url}（結果: {origin}）',
  serveUseKey: 'IFC_API_URL={url} と、IFC_API_KEY にお使いのキーを設定して利用してください。',
  serveUse: 'IFC_API_URL={url} IFC_API_KEY={key} で利用してください',
  serveStop: 'Ctrl-C で停止します。',
  merged:
    '{parts, plural, other {# 個のファイル}}を {output} に結合しました（{pages, plural, other {# ページ}}）。',
  watching: '{folder} を監視し、ファイルを {to} に変換します。Ctrl-C で停止します。',
  ttyWaiting: '待機中のファイル {count, plural, other {# 個}}',
  ttyMoreInProgress: 'ほかに処理中のファイル {count, plural, other {# 個}}',
  ttyInProgress: '処理中のファイル {count, plural, other {# 個}}',
} satisfies AreaMessages;
