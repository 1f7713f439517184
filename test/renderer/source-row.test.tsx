import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { SourceProfile } from '../../renderer/src/contract';
import { SourceRow } from '../../renderer/src/views/profiles/SourceRow';
import { installFakeApi, resetStores } from './helpers';

describe('source row: where each setting came from', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('says which file (or the keychain) each value is from, and shows a disagreement', () => {
    installFakeApi();
    const profile: SourceProfile = {
      name: 'dev',
      kind: 'source',
      origin: 'keychain',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/dev-user',
      region: 'eu-west-1',
      durationSeconds: 43_200,
      settingOrigins: { mfaSerial: 'config-file', region: 'config-file', durationSeconds: 'config-file' },
      notices: ['The keychain stores the MFA device X for "dev", but the config file sets mfa_serial = Y; Rolecall uses the file\'s, as the AWS CLI does.'],
    };
    const { container } = render(
      <ul>
        <SourceRow profile={profile} credentialsFile="/home/u/.aws/credentials" />
      </ul>,
    );
    expect(container.querySelector('[data-setting="mfaSerial"]')?.textContent).toBe('MFA arn:aws:iam::123456789012:mfa/dev-user (from config file)');
    expect(container.querySelector('[data-setting="region"]')?.textContent).toBe('eu-west-1 (from config file)');
    expect(container.querySelector('[data-setting="durationSeconds"]')?.textContent).toBe('MFA session 12 h (from config file)');
    expect(screen.getByRole('note').textContent).toContain('Rolecall uses the file\'s');
  });
});
