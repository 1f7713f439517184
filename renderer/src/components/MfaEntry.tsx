/**
 * The MFA code prompt, used in the main window and as the popup route. One field that takes typing
 * or a pasted code ("123 456" too) and submits by itself on the sixth digit. A wrong code clears
 * the field and keeps focus there with a gentle note; a reused code says how long until the device
 * shows the next one. Nothing here is ever logged or kept after submission.
 */
import { useEffect, useId, useRef, useState, type ClipboardEvent, type FormEvent } from 'react';
import type { ErrorInfo, MfaRequest } from '../contract';
import { waitSecondsFrom } from '../lib/errors';
import { useTimeLeft } from '../lib/use-time-left';
import { ErrorMessage } from './ErrorMessage';

export interface MfaEntryProps {
  request: MfaRequest;
  /** Resolves with an error to show, or undefined when the code was accepted. */
  onSubmit(code: string): Promise<ErrorInfo | undefined>;
  onCancel(): void;
  autoFocus?: boolean;
}

const CODE_LENGTH = 6;
const digitsOf = (text: string): string => text.replace(/\D/g, '');

export function MfaEntry({ request, onSubmit, onCancel, autoFocus = true }: MfaEntryProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [waitUntil, setWaitUntil] = useState<number | undefined>();

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus, request.mfaSerial]);

  async function submit(value: string): Promise<void> {
    if (busy || value.length !== CODE_LENGTH) return;
    setBusy(true);
    setError(undefined);
    const problem = await onSubmit(value);
    setBusy(false);
    if (!problem) {
      setAccepted(true);
      return;
    }
    setCode('');
    setError(problem);
    const wait = problem.code === 'MfaCodeReused' ? waitSecondsFrom(problem) : undefined;
    setWaitUntil(wait === undefined ? undefined : Date.now() + wait * 1000);
    input.current?.focus();
  }

  function take(value: string): void {
    const digits = digitsOf(value).slice(0, CODE_LENGTH);
    setCode(digits);
    if (digits.length === CODE_LENGTH) void submit(digits);
  }

  function onPaste(e: ClipboardEvent<HTMLInputElement>): void {
    const pasted = digitsOf(e.clipboardData.getData('text'));
    // a whole code replaces whatever was typed; anything shorter is inserted as usual
    if (pasted.length >= CODE_LENGTH) {
      e.preventDefault();
      take(pasted);
    }
  }

  function onFormSubmit(e: FormEvent): void {
    e.preventDefault();
    void submit(code);
  }

  const waiting = request.profiles.join(', ');
  return (
    <form className="mfa-entry" onSubmit={onFormSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="mfa-entry__title">
        {request.reason === 'expiring' ? 'Keep your sessions going' : 'Enter your MFA code'}
      </h2>
      <dl className="facts" id={`${id}-facts`}>
        <dt>Device</dt>
        <dd className="mono">{request.mfaSerial}</dd>
        <dt>{request.profiles.length === 1 ? 'Waiting profile' : 'Waiting profiles'}</dt>
        <dd>{waiting}</dd>
        {request.requestedBy && (
          <>
            <dt>Asked by</dt>
            <dd>{request.requestedBy.join('; ')}</dd>
          </>
        )}
      </dl>
      <label htmlFor={`${id}-code`} className="field__label">
        6-digit code
      </label>
      <input
        ref={input}
        id={`${id}-code`}
        className="mfa-entry__code mono"
        name="mfa-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        spellCheck={false}
        value={code}
        readOnly={busy || accepted}
        aria-busy={busy}
        aria-describedby={`${id}-facts${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => take(e.target.value)}
        onPaste={onPaste}
      />
      <p className="field__hint" aria-live="polite">
        {busy ? 'Checking the code…' : accepted ? 'Code accepted.' : 'Pasting the code works too; it is sent on the sixth digit.'}
      </p>
      {error && <ErrorMessage id={`${id}-error`} error={error} tone={error.code === 'MfaInvalid' || error.code === 'MfaCodeReused' ? 'gentle' : 'error'} />}
      {waitUntil !== undefined && <NextCodeCountdown until={waitUntil} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy || accepted || code.length !== CODE_LENGTH}>
          Submit code
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Next code in 17 s", on the shared ticker, until the device shows a fresh code. */
function NextCodeCountdown({ until }: { until: number }) {
  const left = useTimeLeft(new Date(until).toISOString(), 30_000);
  return (
    <p className="mfa-entry__wait" role="status">
      {left.level === 'expired' ? (
        'Your device shows a new code now: enter it.'
      ) : (
        <>
          Next code in <span className="countdown">{left.text}</span>.
        </>
      )}
    </p>
  );
}
