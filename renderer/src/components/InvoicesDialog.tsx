// The Invoices view: every invoice in the ledger (date, seller, number, net, tax, gross,
// currency, status), a "needs review" filter, totals per currency, and a detail pane where a
// field can be corrected (saved as a correction; the row then shows it as corrected). Export
// writes the workbook for the accountant where main's save dialog says.
import { useEffect, useId, useState } from 'react';
import type { InvoiceFieldName, LedgerInvoice } from '../../../shared/invoices.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import {
  CORRECTABLE,
  fieldText,
  filterInvoices,
  formatAmount,
  type InvoiceFilter,
  reviewText,
  totalsByCurrency,
} from '../view/invoice-view.ts';
import { Dialog } from './Dialog.tsx';

function CorrectionField(props: {
  invoice: LedgerInvoice;
  field: InvoiceFieldName;
  label: string;
  kind: string;
}) {
  const t = useT();
  const { correctInvoice } = useActions();
  const id = useId();
  const current = fieldText(props.invoice, props.field);
  const [value, setValue] = useState(current);
  const [problem, setProblem] = useState<string | undefined>();
  const corrected = props.invoice.corrected.includes(props.field);
  const flagged = props.invoice.review.includes(props.field);
  return (
    <form
      className="field invoice-field"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await correctInvoice(
          props.invoice.id,
          props.field,
          value.trim() === '' ? null : value.trim(),
        );
        setProblem(result.ok ? undefined : result.error.message);
      }}
    >
      <label htmlFor={id}>
        {props.label}
        {corrected && <span className="badge"> {t('app.invoices.corrected')}</span>}
        {flagged && <span className="badge warn"> {t('app.invoices.check')}</span>}
      </label>
      <input
        id={id}
        className="input"
        value={value}
        placeholder={props.kind === 'date' ? 'YYYY-MM-DD' : ''}
        inputMode={props.kind === 'amount' ? 'decimal' : 'text'}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={problem !== undefined}
      />
      <button type="submit" className="button secondary small" disabled={value === current}>
        {t('app.invoices.save')}
        <span className="visually-hidden"> {props.label}</span>
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** The source PDF's first page, rendered by main; a plain sentence when it cannot be shown. */
function SourcePage(props: { invoice: LedgerInvoice }) {
  const t = useT();
  const { invoicePage } = useActions();
  const [page, setPage] = useState<{ url?: string; problem?: string }>({});
  const { id, sourcePath } = props.invoice;
  useEffect(() => {
    let current = true;
    setPage({});
    void invoicePage(id).then((result) => {
      if (current) setPage(result.ok ? { url: result.value.dataUrl } : { problem: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [id, invoicePage]);
  if (page.problem) return <p className="hint">{page.problem}</p>;
  if (!page.url) return <p className="hint">{t('app.invoices.loadingPage')}</p>;
  return (
    <img
      className="invoice-page"
      src={page.url}
      alt={t('app.invoices.pageAlt', { name: sourcePath.split(/[\\/]/).pop() ?? '' })}
    />
  );
}

function InvoiceDetail(props: { invoice: LedgerInvoice }) {
  const t = useT();
  const { invoice } = props;
  return (
    <section
      className="invoice-detail"
      aria-label={t('app.invoices.detail', { number: invoice.invoiceNumber ?? '' })}
    >
      <SourcePage invoice={invoice} />
      <div className="invoice-fields">
        <p className="hint path">{invoice.sourcePath}</p>
        {invoice.status === 'needs_review' && <p className="hint">{reviewText(invoice)}</p>}
        {CORRECTABLE.map((entry) => (
          <CorrectionField
            key={`${invoice.id}-${entry.field}-${fieldText(invoice, entry.field)}`}
            invoice={invoice}
            field={entry.field}
            label={t(entry.labelId)}
            kind={entry.kind}
          />
        ))}
        <table className="invoice-lines">
          <caption>{t('app.invoices.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('app.invoices.line.description')}</th>
              <th scope="col">{t('app.invoices.line.quantity')}</th>
              <th scope="col">{t('app.invoices.line.unitPrice')}</th>
              <th scope="col">{t('app.invoices.line.amount')}</th>
              <th scope="col">{t('app.invoices.line.taxRate')}</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id but their position
              <tr key={index}>
                <td>{line.description ?? ''}</td>
                <td className="num">{line.quantity ?? ''}</td>
                <td className="num">{formatAmount(line.unitPrice)}</td>
                <td className="num">{formatAmount(line.amount)}</td>
                <td className="num">{line.taxRate ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function InvoicesDialog() {
  const t = useT();
  const state = useAppState((app) => app.invoices);
  const { closeInvoices, refreshInvoices, exportInvoices } = useActions();
  const [filter, setFilter] = useState<InvoiceFilter>('all');
  const [selected, setSelected] = useState<number | undefined>();
  const [exported, setExported] = useState<string | undefined>();
  const ids = useId();
  const rows = filterInvoices(state.list, filter);
  const totals = totalsByCurrency(rows);
  const chosen = state.list.find((invoice) => invoice.id === selected);
  const runExport = async (format: 'xlsx' | 'csv') => {
    const result = await exportInvoices(format);
    if (!result.ok) setExported(result.error.message);
    else if (result.value)
      setExported(t('app.invoices.exported', { count: result.value.count, path: result.value.path }));
  };
  return (
    <Dialog open={state.open} title={t('app.invoices.title')} onClose={closeInvoices} className="invoices">
      <div className="invoices-tools">
        <label className="check">
          <input
            type="checkbox"
            checked={filter === 'needs_review'}
            onChange={(event) => setFilter(event.target.checked ? 'needs_review' : 'all')}
          />
          <span>{t('app.invoices.reviewOnly')}</span>
        </label>
        <button type="button" className="button secondary small" onClick={() => void refreshInvoices()}>
          {t('app.invoices.refresh')}
        </button>
        <button type="button" className="button secondary small" onClick={() => void runExport('xlsx')}>
          {t('app.invoices.exportWorkbook')}
        </button>
        <button type="button" className="button secondary small" onClick={() => void runExport('csv')}>
          {t('app.invoices.exportCsv')}
        </button>
      </div>
      {state.status && (
        <p className="hint" id={`${ids}-where`}>
          {t('app.invoices.ledger', { location: state.status.location })}
          {state.status.pending > 0 && t('app.invoices.pending', { count: state.status.pending })}
        </p>
      )}
      {state.error && (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      )}
      {exported && (
        <p className="hint" role="status">
          {exported}
        </p>
      )}
      {rows.length === 0 && !state.loading ? (
        <p className="empty-note">{t('app.invoices.empty')}</p>
      ) : (
        <div className="invoices-body">
          <table className="invoices-table" data-testid="invoices-table">
            <thead>
              <tr>
                <th scope="col">{t('app.invoices.col.date')}</th>
                <th scope="col">{t('app.invoices.col.seller')}</th>
                <th scope="col">{t('app.invoices.col.number')}</th>
                <th scope="col">{t('app.invoices.col.net')}</th>
                <th scope="col">{t('app.invoices.col.tax')}</th>
                <th scope="col">{t('app.invoices.col.gross')}</th>
                <th scope="col">{t('app.invoices.col.currency')}</th>
                <th scope="col">{t('app.invoices.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((invoice) => (
                <tr key={invoice.id} aria-selected={invoice.id === selected}>
                  <td>{invoice.issueDate ?? '–'}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(invoice.id)}>
                      {invoice.seller ?? t('app.invoices.unknownSeller')}
                    </button>
                  </td>
                  <td>{invoice.invoiceNumber ?? '–'}</td>
                  <td className="num">{formatAmount(invoice.net)}</td>
                  <td className="num">{formatAmount(invoice.tax)}</td>
                  <td className="num">{formatAmount(invoice.gross)}</td>
                  <td>{invoice.currency ?? '?'}</td>
                  <td>
                    {invoice.status === 'ok' ? t('app.invoices.statusOk') : t('app.invoices.statusReview')}
                    {invoice.corrected.length > 0 && t('app.invoices.statusCorrected')}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {totals.map((total) => (
                <tr key={total.currency}>
                  <th scope="row" colSpan={3}>
                    {t('app.invoices.total', { currency: total.currency, count: total.count })}
                  </th>
                  <td className="num">{formatAmount(total.net)}</td>
                  <td className="num">{formatAmount(total.tax)}</td>
                  <td className="num">{formatAmount(total.gross)}</td>
                  <td>{total.currency}</td>
                  <td />
                </tr>
              ))}
            </tfoot>
          </table>
          {chosen && <InvoiceDetail invoice={chosen} />}
        </div>
      )}
    </Dialog>
  );
}
