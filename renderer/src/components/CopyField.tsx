/**
 * A read-only value with a Copy button, for commands the user pastes into a terminal. The outcome
 * is announced (status) and, when copying is not possible, the text is left selected with a hint.
 */
import { useState } from 'react';
import { copyText } from '../lib/clipboard';
import { TextField } from './TextField';

export interface CopyFieldProps {
  id: string;
  label: string;
  value: string;
}

export function CopyField({ id, label, value }: CopyFieldProps) {
  const [outcome, setOutcome] = useState<'copied' | 'manual' | undefined>();

  async function copy(): Promise<void> {
    const field = document.getElementById(id) as HTMLInputElement | null;
    setOutcome((await copyText(value, field)) ? 'copied' : 'manual');
  }

  return (
    <>
      <TextField
        id={id}
        label={label}
        value={value}
        onChange={() => undefined}
        readOnly
        mono
        after={
          <button type="button" className="button" onClick={() => void copy()}>
            Copy
          </button>
        }
      />
      <p className="field__hint" role="status">
        {outcome === 'copied' ? 'Copied.' : outcome === 'manual' ? 'Copying is not available here: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}
      </p>
    </>
  );
}
