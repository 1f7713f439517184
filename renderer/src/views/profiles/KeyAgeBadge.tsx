/**
 * A keychain source's key age at a glance: "key 12 days old", a warning badge once it is older than
 * the `keyMaxAgeDays` setting (Security Hub's IAM.3 says 90), when it was last used, and an
 * interrupted rotation. IAM is asked once per view load (key-ages store), never per render.
 */
import type { KeyAge } from '../../contract';

function day(iso: string): string {
  return iso.slice(0, 10);
}

export function lastUsedText(a: KeyAge): string {
  if (!a.lastUsedAt) return 'never used';
  return `last used ${day(a.lastUsedAt)}${a.lastUsedService ? ` (${a.lastUsedService})` : ''}`;
}

export function KeyAgeBadge({ age, maxAgeDays }: { age: KeyAge | undefined; maxAgeDays: number | undefined }) {
  if (!age) return null;
  return (
    <>
      {age.ageDays !== undefined && (
        <span
          className={`badge ${age.old ? 'badge--warn' : ''}`}
          data-key-age={age.old ? 'old' : 'ok'}
          title={age.createdAt ? `Created ${day(age.createdAt)}` : undefined}
        >
          {age.old ? `Key ${age.ageDays} days old — rotate${maxAgeDays !== undefined ? ` (over ${maxAgeDays})` : ''}` : `Key ${age.ageDays} days old`}
        </span>
      )}
      {age.ageDays !== undefined && <span className="row__sub" data-key-last-used="">{lastUsedText(age)}</span>}
      {age.rotationPending && <span className="badge badge--warn">Rotation interrupted</span>}
      {age.problem && (
        <span className="row__sub" data-key-age="unknown">
          Key age unknown: {age.problem}
        </span>
      )}
    </>
  );
}
