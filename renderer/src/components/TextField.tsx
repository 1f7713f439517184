/**
 * A labelled text input with its hint and inline error wired up for screen readers
 * (`aria-describedby`, `aria-invalid`). Every form control in the app has a visible label.
 */
import type { ClipboardEvent, ReactNode } from 'react';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'password' | 'number';
  hint?: string | undefined;
  error?: string | undefined;
  mono?: boolean;
  readOnly?: boolean;
  onBlur?: () => void;
  onPaste?: (e: ClipboardEvent<HTMLInputElement>) => void;
  /** Something beside the input, e.g. a show/hide toggle. */
  after?: ReactNode;
  inputMode?: 'numeric' | 'text';
  min?: number;
  max?: number;
}

export function TextField({ id, label, value, onChange, type = 'text', hint, error, mono, readOnly, onBlur, onPaste, after, inputMode, min, max }: TextFieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="field__control">
        <input
          id={id}
          className={`input${mono ? ' mono' : ''}`}
          type={type}
          value={value}
          readOnly={readOnly}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          inputMode={inputMode}
          min={min}
          max={max}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          onPaste={onPaste}
        />
        {after}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
