/**
 * How every error from main looks: a plain heading for the code, the message, and the suggested
 * action — as text, plus a button when the caller can do it for the user (retry, take over).
 */
import type { ErrorInfo } from '../contract';
import { errorHeading } from '../lib/errors';

export interface ErrorMessageProps {
  error: ErrorInfo;
  /** Softer styling for errors the user can fix by trying again (a mistyped code). */
  tone?: 'error' | 'gentle';
  onDismiss?: () => void;
  /** What the failure means here, in a sentence after the message. */
  note?: string;
  actionLabel?: string;
  onAction?: () => void;
  id?: string;
}

export function ErrorMessage({ error, tone = 'error', onDismiss, note, actionLabel, onAction, id }: ErrorMessageProps) {
  return (
    <div className={`error-message error-message--${tone}`} role="alert" id={id} data-code={error.code}>
      <p className="error-message__heading">{errorHeading(error)}</p>
      <p className="error-message__text">{error.message}</p>
      {note && <p className="error-message__text">{note}</p>}
      {error.action && <p className="error-message__action">{error.action}</p>}
      {(onAction || onDismiss) && (
        <div className="button-row">
          {onAction && (
            <button type="button" className="button" onClick={onAction}>
              {actionLabel ?? 'Try again'}
            </button>
          )}
          {onDismiss && (
            <button type="button" className="button button--quiet" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
