/**
 * One role: what it is (account, role name, chain, MFA device, region), whether it is live, and a
 * one-click Switch (and, quieter, "Use with AWS CLI…"). Memoised on the profile object, its switch state and primitives, so switching
 * one role re-renders one row out of hundreds (the list passes each row its own slice; a store
 * subscription per row would cost more at first render than it saves).
 */
import { memo } from 'react';
import type { RoleProfile } from '../../contract';
import { switchTo } from '../../api/actions';
import { ErrorMessage } from '../../components/ErrorMessage';
import { setRowState, type RowState } from '../../stores/profiles';
import { TimeBoxButtons } from './TimeBoxButtons';
import { UseWithAwsCliButton } from './UseWithAwsCli';

export interface RoleRowProps {
  profile: RoleProfile;
  /** The target profile this role is active on, when it is. */
  activeTarget?: string | undefined;
  state?: RowState | undefined;
}

export const RoleRow = memo(function RoleRow({ profile, activeTarget, state }: RoleRowProps) {
  const switching = state?.status === 'switching';
  const via = profile.chain.length > 1 ? profile.chain.slice(1).join(' → ') : profile.credentialSource ?? profile.sourceProfile;
  return (
    <li className={`row${activeTarget ? ' row--active' : ''}`} data-profile={profile.name}>
      <div className="row__main">
        <p className="row__title">
          <span className="row__name">{profile.name}</span>
          {profile.roleName && profile.roleName !== profile.name && <span className="row__sub">{profile.roleName}</span>}
          {activeTarget && <span className="badge badge--active">active in {activeTarget}</span>}
        </p>
        <p className="row__meta">
          {via && <span>from {via}</span>}
          {profile.mfaSerial && <span className="mono">MFA {profile.mfaSerial}</span>}
          {profile.region && <span>{profile.region}</span>}
        </p>
        {profile.error && (
          <p className="row__invalid" role="note">
            {profile.error}
          </p>
        )}
        {state?.status === 'error' && (
          <ErrorMessage
            error={state.error}
            // no code entered (the prompt was closed) is the user's choice, not a failure
            tone={state.error.code === 'MfaRequired' ? 'gentle' : 'error'}
            onDismiss={() => setRowState(profile.name, undefined)}
            {...(state.error.code === 'SectionNotManaged'
              ? { actionLabel: 'Take over the section', onAction: () => void switchTo(profile.name, { takeOver: true }) }
              : { actionLabel: 'Switch again', onAction: () => void switchTo(profile.name) })}
          />
        )}
      </div>
      <div className="row__actions">
        <UseWithAwsCliButton profile={profile.name} disabled={profile.error !== undefined} />
        <button
          type="button"
          className="button button--primary row__action"
          aria-label={`${switching ? 'Switching' : 'Switch'} to ${profile.name}`}
          disabled={switching || profile.error !== undefined}
          onClick={() => void switchTo(profile.name)}
        >
          {switching ? 'Switching…' : 'Switch'}
        </button>
        <TimeBoxButtons profile={profile} disabled={switching || profile.error !== undefined} />
      </div>
    </li>
  );
});
