// History -> Spending and its receipts, as functions over window.api; each answers with a
// Result so the section says what happened in place.
import type { ReceiptScope, RendererApi } from '../../../shared/ipc/contract.ts';

export function createSpendActions(api: RendererApi) {
  return {
    spendSummary: () => api['spend:summary']({}),
    exportReceipt: (scope: ReceiptScope, format: 'csv' | 'xlsx') =>
      api['spend:exportReceipt']({ scope, format }),
  };
}
