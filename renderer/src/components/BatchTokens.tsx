// The queue header's total: what the service charged for the jobs in the queue (nothing on
// this computer, where conversions are free).
import { useMemo } from 'react';
import { useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { formatTokens } from '../view/words.ts';

export function BatchTokens() {
  const byId = useAppState((state) => state.jobs.byId);
  const offline = useAppState((state) => state.balance?.offline === true);
  const t = useT();
  const charged = useMemo(() => {
    let sum = 0;
    for (const job of byId.values()) if (job.charged) sum += job.tokens ?? 0;
    return sum;
  }, [byId]);
  if (offline || charged === 0) return null;
  return (
    <p className="batch-counts" data-testid="batch-tokens">
      {t('app.queue.charged', { tokens: formatTokens(charged) })}
    </p>
  );
}
