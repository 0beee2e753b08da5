// History -> Spending: this month's tokens against its limit, then each batch with what it
// cost, and a receipt (CSV or XLSX: file, target, size, tokens, job id, started, finished) for
// a batch or for the month. Main asks where to save it.
import { useEffect, useId, useState } from 'react';
import type { ReceiptScope, SpendSummary } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { formatTokens, timeAgo } from '../view/words.ts';

export function SpendHistory() {
  const t = useT();
  const ids = useId();
  const open = useAppState((state) => state.historyOpen);
  const { spendSummary, exportReceipt } = useActions();
  const [summary, setSummary] = useState<SpendSummary | undefined>();
  const [said, setSaid] = useState<string | undefined>();
  useEffect(() => {
    if (!open) return;
    void spendSummary().then((result) => {
      if (result.ok) setSummary(result.value);
    });
  }, [open, spendSummary]);
  if (!summary) return null;

  const save = async (scope: ReceiptScope, format: 'csv' | 'xlsx') => {
    const result = await exportReceipt(scope, format);
    if (!result.ok) setSaid(result.error.message);
    else if (result.value) setSaid(t('app.spend.saved', { path: result.value.path }));
  };
  const receiptButtons = (scope: ReceiptScope, label: string) =>
    (['csv', 'xlsx'] as const).map((format) => (
      <button
        key={format}
        type="button"
        className="button secondary small"
        onClick={() => void save(scope, format)}
      >
        <span>{t(format === 'csv' ? 'app.spend.csv' : 'app.spend.xlsx')}</span>
        <span className="visually-hidden"> {label}</span>
      </button>
    ));
  const now = Date.now();
  const monthLabel = t('app.spend.monthHidden', { month: summary.month });
  return (
    <section className="spend-history" aria-labelledby={`${ids}-spend`} data-testid="spend-history">
      <h3 id={`${ids}-spend`}>{t('app.spend.title')}</h3>
      <div className="history-row">
        <p className="history-main" data-testid="spend-month">
          {summary.caps.month !== undefined
            ? t('app.spend.monthLimit', {
                spent: formatTokens(summary.spent),
                limit: formatTokens(summary.caps.month),
              })
            : t('app.spend.month', { spent: formatTokens(summary.spent) })}
        </p>
        {summary.spent > 0 && (
          <div className="button-row">
            {receiptButtons({ kind: 'month', month: summary.month }, monthLabel)}
          </div>
        )}
      </div>
      {summary.batches.length > 0 && (
        <ul className="history-list" data-testid="spend-batches">
          {summary.batches.map((batch) => {
            const when = timeAgo(batch.finishedAt, now);
            return (
              <li key={batch.batchId} className="history-row" data-testid="spend-batch">
                <p className="history-main">
                  {t('app.spend.batch', { when, files: batch.files, tokens: formatTokens(batch.tokens) })}
                </p>
                <div className="button-row">
                  {receiptButtons(
                    { kind: 'batch', batchId: batch.batchId },
                    t('app.spend.batchHidden', { when }),
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {said && (
        <p className="hint" role="status" data-testid="spend-said">
          {said}
        </p>
      )}
    </section>
  );
}
