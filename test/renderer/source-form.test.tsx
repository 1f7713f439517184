import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { parseKeyPaste } from '../../renderer/src/lib/key-paste';
import { SourceForm } from '../../renderer/src/views/SourceForm';
import { installFakeApi, ok, resetStores } from './helpers';

const ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('add source form', () => {
  beforeEach(resetStores);
  afterEach(resetStores);

  it('finds both halves of a key pair in the usual pasted shapes', () => {
    expect(parseKeyPaste(`Access key ID,Secret access key\n${ID},${SECRET}\n`)).toEqual({ accessKeyId: ID, secretAccessKey: SECRET });
    expect(parseKeyPaste(`aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}`)).toEqual({ accessKeyId: ID, secretAccessKey: SECRET });
    expect(parseKeyPaste(`${ID} ${SECRET}`)).toEqual({ accessKeyId: ID, secretAccessKey: SECRET });
    expect(parseKeyPaste(` ${ID}\n`)).toEqual({ accessKeyId: ID });
  });

  it('masks the secret, fills both fields from one paste and shows the verified identity', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sources.add).mockResolvedValue(ok({ name: 'work', accessKeyId: ID, identityArn: 'arn:aws:iam::111122223333:user/alice' }));
    render(<SourceForm />);
    const secret = screen.getByLabelText('Secret access key') as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.change(screen.getByLabelText('Profile name'), { target: { value: 'work' } });
    fireEvent.paste(screen.getByLabelText('Access key ID'), { clipboardData: { getData: () => `Access key ID,Secret access key\n${ID},${SECRET}` } });
    expect((screen.getByLabelText('Access key ID') as HTMLInputElement).value).toBe(ID);
    expect(secret.value).toBe(SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(secret.type).toBe('text');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify and save' }));
    });
    expect(api.sources.add).toHaveBeenCalledWith({ name: 'work', accessKeyId: ID, secretAccessKey: SECRET, verify: true });
    expect(screen.getByRole('status').textContent).toContain('arn:aws:iam::111122223333:user/alice');
  });

  it('explains bad input next to the field instead of sending it', async () => {
    const { api } = installFakeApi();
    render(<SourceForm />);
    fireEvent.change(screen.getByLabelText('Access key ID'), { target: { value: 'ASIATEMPORARYKEY0001' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify and save' }));
    });
    expect(api.sources.add).not.toHaveBeenCalled();
    const field = screen.getByLabelText('Access key ID');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[1]!)!.textContent).toContain('temporary');
  });
});
