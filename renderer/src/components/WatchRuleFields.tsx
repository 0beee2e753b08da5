// The choices of one watch rule, shared by "Add a watch folder" and a rule's Edit form: the
// target format, which files to take, subfolders, and what happens to each original. Only
// formats the chosen service converts are offered.
import { type ReactNode, useId } from 'react';
import type { AfterSuccess, WatchRule } from '../../../shared/watch.ts';
import { sourcesFor } from '../../../shared/formats.ts';
import { afterChoices, targetsOffered } from '../view/watch-words.ts';
import { formatLabel } from '../view/words.ts';
import { useT } from '../i18n.tsx';

export type WatchDraft = Pick<WatchRule, 'to' | 'from' | 'recursive' | 'after' | 'invoices'>;

export function WatchRuleFields(props: {
  value: WatchDraft;
  onChange(next: WatchDraft): void;
  conversions: Record<string, string[]>;
  /** Said under the format (the Add form's suggestion). */
  toHint?: ReactNode;
}) {
  const { value, onChange, conversions } = props;
  const ids = useId();
  const t = useT();
  const targets = targetsOffered(conversions);
  // A rule keeps its own format even if the service in use no longer lists it.
  if (!targets.includes(value.to)) targets.unshift(value.to);
  const sources = sourcesFor({ conversions }, value.to);
  const fromValue = value.from.join(',');
  const fromChoices = sources.map((format) => ({ value: format, label: formatLabel(format) }));
  if (value.from.length > 0 && !sources.includes(fromValue)) {
    fromChoices.unshift({ value: fromValue, label: value.from.map(formatLabel).join(', ') });
  }
  return (
    <>
      <div className="field">
        <label htmlFor={`${ids}-to`}>{t('watch.to')}</label>
        <select
          id={`${ids}-to`}
          className="select"
          value={value.to}
          onChange={(event) => {
            const to = event.target.value;
            // Source formats that do not convert to the new target are dropped.
            const from = value.from.filter((format) => conversions[format]?.includes(to));
            onChange({ ...value, to, from });
          }}
        >
          {targets.map((format) => (
            <option key={format} value={format}>
              {formatLabel(format)}
            </option>
          ))}
        </select>
        {props.toHint}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-from`}>{t('watch.from')}</label>
        <select
          id={`${ids}-from`}
          className="select"
          value={fromValue}
          onChange={(event) =>
            onChange({ ...value, from: event.target.value ? event.target.value.split(',') : [] })
          }
        >
          <option value="">{t('watch.fromAny', { format: value.to.toUpperCase() })}</option>
          {fromChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {t('watch.fromOnly', { label: choice.label })}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={value.recursive}
          onChange={(event) => onChange({ ...value, recursive: event.target.checked })}
        />
        <span>{t('watch.recursive')}</span>
      </label>
      {value.to === 'xlsx' && (
        <label className="check">
          <input
            type="checkbox"
            checked={value.invoices === true}
            onChange={(event) => onChange({ ...value, invoices: event.target.checked })}
          />
          <span>{t('watch.invoices')}</span>
        </label>
      )}
      <div className="field">
        <label htmlFor={`${ids}-after`}>{t('watch.after')}</label>
        <select
          id={`${ids}-after`}
          className="select"
          value={value.after}
          onChange={(event) => onChange({ ...value, after: event.target.value as AfterSuccess })}
        >
          {afterChoices().map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
