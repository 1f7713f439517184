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

  it('offers aws-vault\'s config section: the checkbox sends writeConfig with the region, and the result says where it went', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.sources.add).mockResolvedValue(
      ok({ name: 'dev', accessKeyId: ID, config: { file: '/home/u/.aws/config', section: 'profile dev', written: true }, notes: ['The config file sets mfa_serial = X for "dev"; that one is used, not Y.'] }),
    );
    render(<SourceForm />);
    expect(screen.queryByLabelText('Region (optional)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Profile name'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Access key ID'), { target: { value: ID } });
    fireEvent.change(screen.getByLabelText('Secret access key'), { target: { value: SECRET } });
    fireEvent.click(screen.getByLabelText(/Write a \[profile\] section/));
    fireEvent.change(screen.getByLabelText('Region (optional)'), { target: { value: 'Ireland' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify and save' }));
    });
    expect(api.sources.add).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Region (optional)'), { target: { value: 'eu-west-1' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify and save' }));
    });
    expect(api.sources.add).toHaveBeenCalledWith({ name: 'dev', accessKeyId: ID, secretAccessKey: SECRET, writeConfig: true, region: 'eu-west-1', verify: true });
    const status = screen.getByRole('status').textContent ?? '';
    expect(status).toContain('[profile dev]');
    expect(status).toContain('/home/u/.aws/config');
    expect(status).toContain('that one is used');
  });
});
