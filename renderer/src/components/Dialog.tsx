/**
 * The modal shell every dialog shares, so they all behave alike for keyboard users: focus moves in
 * when it opens (to `initialFocus`, else the first control) and again whenever `focusKey` changes
 * (a dialog with steps), Tab stays inside, Escape cancels unless busy, and focus returns to where
 * it was when the dialog closes.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

export interface DialogProps {
  title: string;
  /** `alertdialog` for a decision to make (confirmations), `dialog` for a small form. */
  role?: 'dialog' | 'alertdialog';
  /** Ids of what describes the dialog (its explanation), read out when it opens. */
  describedBy?: string | undefined;
  initialFocus?: RefObject<HTMLElement | null>;
  /** Change it to move focus again (to `initialFocus`) without closing, e.g. on the next step. */
  focusKey?: string;
  busy?: boolean;
  onCancel(): void;
  children: ReactNode;
}

export function Dialog({ title, role = 'dialog', describedBy, initialFocus, focusKey = '', busy = false, onCancel, children }: DialogProps) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    return () => before?.focus?.();
  }, []);

  useEffect(() => {
    const target = initialFocus?.current ?? box.current?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    // focusKey is the signal: the ref's target is read when it changes
  }, [focusKey, initialFocus]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key === 'Escape' && !busy) {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const controls = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div ref={box} className="dialog" role={role} aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={describedBy}>
        <h2 id={`${id}-title`} className="dialog__title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
