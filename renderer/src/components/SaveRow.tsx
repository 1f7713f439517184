/** The foot of a settings form: its submit button (busy while saving) and a live "Saved." status. */
export function SaveRow({ status, label }: { status: 'idle' | 'saving' | 'saved'; label: string }) {
  return (
    <div className="button-row">
      <button type="submit" className="button button--primary" disabled={status === 'saving'}>
        {status === 'saving' ? 'Saving…' : label}
      </button>
      <span role="status" className="field__hint">
        {status === 'saved' ? 'Saved.' : ''}
      </span>
    </div>
  );
}
