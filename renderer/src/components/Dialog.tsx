// A modal built on <dialog>: the browser traps focus, closes on Escape, marks the rest of
// the page inert for screen readers, and gives focus back to what opened it.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';

export function Dialog(props: {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
  /** Hides the close button when the dialog must be answered with one of its own buttons. */
  noCloseButton?: boolean;
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Not derived from the title: in Japanese every title would give the same id.
  const titleId = `dialog-${useId()}`;
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className={`dialog ${props.className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
      onClose={() => props.open && props.onClose()}
    >
      {props.open && (
        <>
          <header className="dialog-header">
            <h2 id={titleId}>{props.title}</h2>
            {!props.noCloseButton && (
              <button
                type="button"
                className="button ghost icon-only"
                onClick={props.onClose}
                aria-label={t('app.close')}
              >
                <Icon name="close" />
              </button>
            )}
          </header>
          <div className="dialog-body">{props.children}</div>
          {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
        </>
      )}
    </dialog>
  );
}
