// The Invoices view and Settings -> Invoice ledger, as functions over window.api. Each answers
// with a Result so the dialog says what happened in place.
import type { LedgerChoice, LedgerStatus, RendererApi } from '../../../shared/ipc/contract.ts';
import type { InvoiceFieldName, LedgerInvoice } from '../../../shared/invoices.ts';
import { ok, type Result } from '../../../shared/result.ts';
import type { AppStore } from './app-state.ts';

export interface InvoicesState {
  open: boolean;
  list: LedgerInvoice[];
  status?: LedgerStatus;
  loading: boolean;
  /** Why the list could not be read (the ledger unreachable, ...), as main's sentence. */
  error?: string;
}

export function emptyInvoices(): InvoicesState {
  return { open: false, list: [], loading: false };
}

export function createInvoiceActions(api: RendererApi, store: AppStore) {
  const patch = (next: Partial<InvoicesState>) =>
    store.setState((state) => ({ invoices: { ...state.invoices, ...next } }));

  const refreshInvoices = async (): Promise<Result<void>> => {
    patch({ loading: true });
    const result = await api['invoices:list']({});
    if (result.ok)
      patch({ loading: false, list: result.value.invoices, status: result.value.status, error: undefined });
    else patch({ loading: false, error: result.error.message });
    return result.ok ? ok(undefined) : result;
  };

  return {
    openInvoices: () => {
      patch({ open: true });
      void refreshInvoices();
    },
    closeInvoices: () => patch({ open: false }),
    refreshInvoices,
    correctInvoice: async (
      id: number,
      field: InvoiceFieldName,
      value: string | null,
    ): Promise<Result<LedgerInvoice>> => {
      const result = await api['invoices:correct']({ id, field, value });
      if (result.ok) {
        const corrected = result.value;
        store.setState((state) => ({
          invoices: {
            ...state.invoices,
            list: state.invoices.list.map((invoice) => (invoice.id === corrected.id ? corrected : invoice)),
          },
        }));
      }
      return result;
    },
    exportInvoices: (format: 'xlsx' | 'csv') => api['invoices:export']({ format }),
    invoicePage: (id: number) => api['invoices:sourcePage']({ id }),
    ledgerStatus: () => api['ledger:status']({}),
    setLedger: async (choice: LedgerChoice, password?: string): Promise<Result<LedgerStatus>> => {
      const result = await api['ledger:set']({ choice, ...(password ? { password } : {}) });
      if (result.ok) patch({ status: result.value });
      return result;
    },
    testLedger: (choice?: LedgerChoice, password?: string) =>
      api['ledger:test']({ ...(choice ? { choice } : {}), ...(password ? { password } : {}) }),
  };
}
