/** The notices area: announced politely to screen readers, each dismissable. */
import { useStore } from '../lib/store';
import { dismissNotice, noticesStore } from '../stores/notices';

export function Notices() {
  const notices = useStore(noticesStore);
  return (
    <div className="notices" aria-live="polite" aria-relevant="additions">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.level}`}>
          <p>{n.message}</p>
          <button type="button" className="button button--quiet" aria-label="Dismiss notice" onClick={() => dismissNotice(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
