/**
 * A small modal confirmation for destructive steps (remove a source, import and scrub). Focus
 * moves to the safe choice, Escape cancels, and focus returns to where it was when it closes.
 */
import { useId, useRef, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger = false, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} role="alertdialog" describedBy={`${id}-body`} initialFocus={cancel} busy={busy} onCancel={onCancel}>
      <div id={`${id}-body`} className="dialog__body">
        {children}
      </div>
      <div className="button-row button-row--end">
        <button ref={cancel} type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={`button ${danger ? 'button--danger' : 'button--primary'}`} onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
