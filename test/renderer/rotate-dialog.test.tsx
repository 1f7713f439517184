/**
 * The "Rotate keys…" dialog against a fake `window.api`: the steps as main reports them, the
 * two-key question answered with the key it named, and the one-time display of a key the keychain
 * failed to store — which no store holds and the page no longer shows once the dialog is closed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SourceProfile } from '../../renderer/src/contract';
import { SourceRow } from '../../renderer/src/views/profiles/SourceRow';
import { keyAgesStore } from '../../renderer/src/stores/key-ages';
import { mfaStore } from '../../renderer/src/stores/mfa';
import { noticesStore } from '../../renderer/src/stores/notices';
import { profilesStore, rowStatesStore } from '../../renderer/src/stores/profiles';
import { cardStatesStore, sessionsStore } from '../../renderer/src/stores/sessions';
import { settingsStore } from '../../renderer/src/stores/settings';
import { installFakeApi, ok, resetStores, type FakeApi } from './helpers';

const DEV: SourceProfile = { name: 'dev', kind: 'source', origin: 'keychain', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
const NEW_ID = 'AKIAIOSFODNN7NEWKEY1';
const SECRET = 'newSecretOnlyShownOnce/abcdefghijklmnopqrs1';

function everyStore(): string {
  return JSON.stringify([keyAgesStore, mfaStore, noticesStore, profilesStore, rowStatesStore, cardStatesStore, sessionsStore, settingsStore].map((s) => s.get()));
}

function renderRow() {
  return render(
    <ul>
      <SourceRow profile={DEV} credentialsFile="/home/u/.aws/credentials" />
    </ul>,
  );
}

describe('Rotate keys… dialog', () => {
  let fake: FakeApi;
  beforeEach(() => {
    resetStores();
    fake = installFakeApi();
  });
  afterEach(resetStores);

  it('shows main’s progress lines for this source only, then the outcome', async () => {
    let finish!: () => void;
    vi.mocked(fake.api.sources.rotate).mockImplementation(
      () => new Promise((resolve) => (finish = () => resolve(ok({ status: 'rotated' as const, oldAccessKeyId: DEV.accessKeyId!, newAccessKeyId: NEW_ID, alsoDeleted: [] })))),
    );
    renderRow();
    await userEvent.click(screen.getByRole('button', { name: 'Rotate keys of dev' }));
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    act(() => {
      fake.emit('rotation-progress', { source: 'dev', message: 'Creating a new access key…' });
      fake.emit('rotation-progress', { source: 'other', message: 'Not this one.' });
      fake.emit('rotation-progress', { source: 'dev', message: `Storing ${NEW_ID} in the keychain…` });
    });
    expect(screen.getByRole('list', { name: 'Progress' }).textContent).toBe(`Creating a new access key…Storing ${NEW_ID} in the keychain…`);
    expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => finish());
    expect(screen.getByRole('status').textContent).toBe(`“dev” now uses ${NEW_ID}; ${DEV.accessKeyId} was deleted.`);
  });

  it('two keys: names the key and sends exactly that id back when the user agrees', async () => {
    vi.mocked(fake.api.sources.rotate)
      .mockResolvedValueOnce(ok({ status: 'confirm-delete' as const, keyToDelete: { accessKeyId: 'AKIAIOSFODNN7SECOND', createdAt: '2026-01-02T00:00:00.000Z' } }))
      .mockResolvedValueOnce(ok({ status: 'rotated' as const, newAccessKeyId: NEW_ID, oldAccessKeyId: DEV.accessKeyId!, alsoDeleted: ['AKIAIOSFODNN7SECOND'] }));
    renderRow();
    await userEvent.click(screen.getByRole('button', { name: 'Rotate keys of dev' }));
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    const dialog = await screen.findByRole('alertdialog');
    await waitFor(() => expect(dialog.textContent).toContain('would delete AKIAIOSFODNN7SECOND (created 2026-01-02, never used)'));
    await userEvent.click(screen.getByRole('button', { name: 'Delete AKIAIOSFODNN7SECOND and rotate' }));
    expect(vi.mocked(fake.api.sources.rotate).mock.calls).toEqual([['dev', undefined], ['dev', 'AKIAIOSFODNN7SECOND']]);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Also deleted: AKIAIOSFODNN7SECOND.'));
  });

  it('keychain failed: the key is shown once, in no store, and gone from the page after closing', async () => {
    vi.mocked(fake.api.sources.rotate).mockResolvedValue(
      ok({
        status: 'keychain-failed' as const,
        error: { code: 'RotationInterrupted', message: 'IAM created the key but the keychain failed while storing it.', action: 'Keep the new key shown above.' },
        unsavedKey: { accessKeyId: NEW_ID, secretShownOnce: SECRET },
      }),
    );
    const { container } = renderRow();
    await userEvent.click(screen.getByRole('button', { name: 'Rotate keys of dev' }));
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    const secretField = (await screen.findByLabelText('Secret access key')) as HTMLInputElement;
    expect(secretField.value).toBe(SECRET);
    expect(secretField.readOnly).toBe(true);
    expect(everyStore()).not.toContain(SECRET);
    await userEvent.click(screen.getByRole('button', { name: 'I have kept the key — close' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(container.innerHTML).not.toContain(SECRET);
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(everyStore()).not.toContain(SECRET);
    // opened again, the dialog starts from the beginning
    await userEvent.click(screen.getByRole('button', { name: 'Rotate keys of dev' }));
    expect(screen.getByRole('alertdialog').textContent).not.toContain(SECRET);
  });
});
