// The tokens the service charged for one job, from its answer (not the estimate): shown in
// the row once the job was accepted; a refunded (failed) job shows nothing. On this computer
// nothing is charged (the offline server keeps a ledger of its own), so nothing is shown.
import type { JobView } from '../../../shared/jobs.ts';
import { useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { formatTokens } from '../view/words.ts';

export function JobTokens(props: { job: JobView }) {
  const t = useT();
  const { job } = props;
  const offline = useAppState((state) => state.balance?.offline === true);
  if (offline || !job.charged || job.tokens === undefined) return null;
  return (
    <>
      <span aria-hidden="true"> · </span>
      <span data-testid="job-tokens">{t('app.row.charged', { tokens: formatTokens(job.tokens) })}</span>
    </>
  );
}
