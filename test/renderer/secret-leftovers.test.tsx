/** #13 medium 1 in the UI: the plaintext banner names backups holding secret keys and redacts them after a confirmation. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { SecretLeftoversBanner } from '../../renderer/src/views/profiles/SecretLeftoversBanner';
import { installFakeApi, ok, resetStores } from './helpers';

const BACKUP = '/home/u/.aws/credentials.rolecall-backup-20250101T000000Z';

describe('secret leftovers banner', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('shows nothing when no file beside the AWS files holds a secret key', async () => {
    installFakeApi();
    await act(async () => {
      render(<SecretLeftoversBanner refreshKey="" />);
    });
    expect(screen.queryByRole('button', { name: 'Redact secret keys' })).toBeNull();
  });

  it('lists the files, asks first, lets main redact them, then hides', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.app.secretLeftovers).mockResolvedValueOnce(ok([BACKUP])).mockResolvedValueOnce(ok([]));
    vi.mocked(api.app.cleanSecretLeftovers).mockResolvedValue(ok([BACKUP]));
    await act(async () => {
      render(<SecretLeftoversBanner refreshKey="" />);
    });
    expect(screen.getByText(BACKUP)).toBeTruthy();
    expect(screen.getByRole('heading', { name: /1 file beside your AWS files holds secret keys/ })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Redact secret keys' }));
    });
    expect(api.app.cleanSecretLeftovers).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Redact' }));
    });
    expect(api.app.cleanSecretLeftovers).toHaveBeenCalledWith();
    expect(screen.queryByText(BACKUP)).toBeNull();
  });
});
