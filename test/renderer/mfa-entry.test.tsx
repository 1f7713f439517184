import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MfaEntry } from '../../renderer/src/components/MfaEntry';
import type { ErrorInfo, MfaRequest } from '../../renderer/src/contract';
import { MfaPrompts } from '../../renderer/src/views/MfaPrompts';
import { mfaStore } from '../../renderer/src/stores/mfa';
import { fail, installFakeApi, resetStores } from './helpers';

const request: MfaRequest = { mfaSerial: 'arn:aws:iam::111122223333:mfa/alice', profiles: ['admin', 'readonly'], reason: 'switch' };
const codeInput = () => screen.getByLabelText('6-digit code') as HTMLInputElement;

function paste(el: HTMLElement, text: string): void {
  fireEvent.paste(el, { clipboardData: { getData: () => text } });
}

/** Lets the submit promise and the state updates after it settle. */
async function settle(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}

describe('MfaEntry', () => {
  beforeEach(resetStores);
  afterEach(() => vi.useRealTimers());

  it('shows the device and the waiting profiles, and takes focus', () => {
    render(<MfaEntry request={request} onSubmit={vi.fn()} onCancel={vi.fn()} />);
    expect(screen.getByText(request.mfaSerial)).toBeTruthy();
    expect(screen.getByText('admin, readonly')).toBeTruthy();
    expect(document.activeElement).toBe(codeInput());
  });

  it('says which command asked for the code (#13 medium 5), and shows no such line for the app itself', () => {
    const asked = { ...request, requestedBy: ['credential_process for profile admin', 'credential_process for profile readonly'] };
    const { unmount } = render(<MfaEntry request={asked} onSubmit={vi.fn()} onCancel={vi.fn()} />);
    expect(screen.getByText('Asked by')).toBeTruthy();
    expect(screen.getByText('credential_process for profile admin; credential_process for profile readonly')).toBeTruthy();
    unmount();
    render(<MfaEntry request={request} onSubmit={vi.fn()} onCancel={vi.fn()} />);
    expect(screen.queryByText('Asked by')).toBeNull();
  });

  it('submits a pasted code once, spaces and all', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(<MfaEntry request={request} onSubmit={onSubmit} onCancel={vi.fn()} />);
    paste(codeInput(), ' 123 456\n');
    await settle();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith('123456');
    expect(screen.getByText('Code accepted.')).toBeTruthy();
  });

  it('auto-submits on the sixth typed digit, not before, and ignores letters', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(<MfaEntry request={request} onSubmit={onSubmit} onCancel={vi.fn()} />);
    fireEvent.change(codeInput(), { target: { value: '12a345' } });
    expect(codeInput().value).toBe('12345');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(codeInput(), { target: { value: '123456' } });
    await settle();
    expect(onSubmit).toHaveBeenCalledWith('123456');
  });

  it('clears a wrong code, keeps focus and says so gently', async () => {
    const wrong: ErrorInfo = { code: 'MfaInvalid', message: `The MFA code was not accepted for ${request.mfaSerial}.`, action: 'Wait for the next code and try again. Each code works only once.' };
    const onSubmit = vi.fn(async () => wrong);
    render(<MfaEntry request={request} onSubmit={onSubmit} onCancel={vi.fn()} />);
    fireEvent.change(codeInput(), { target: { value: '000000' } });
    await settle();
    expect(codeInput().value).toBe('');
    expect(document.activeElement).toBe(codeInput());
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('gentle');
    expect(alert.textContent).toContain('That code was not accepted');
    expect(alert.textContent).toContain('Wait for the next code');
    expect(codeInput().getAttribute('aria-invalid')).toBe('true');
    // the next code goes through normally
    onSubmit.mockResolvedValueOnce(undefined as unknown as ErrorInfo);
    fireEvent.change(codeInput(), { target: { value: '654321' } });
    await settle();
    expect(onSubmit).toHaveBeenLastCalledWith('654321');
  });

  it('counts down to the next code after a reused one', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T10:00:03Z') });
    const reused: ErrorInfo = { code: 'MfaCodeReused', message: 'This code was already used; AWS accepts each code only once.', action: 'Wait 27 s for the next code, then enter it.' };
    render(<MfaEntry request={request} onSubmit={async () => reused} onCancel={vi.fn()} />);
    fireEvent.change(codeInput(), { target: { value: '111111' } });
    await settle();
    expect(screen.getByRole('status').textContent).toBe('Next code in 27 s.');
    expect(codeInput().value).toBe('');
    await act(async () => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.getByRole('status').textContent).toBe('Next code in 17 s.');
    await act(async () => {
      vi.advanceTimersByTime(17_000);
    });
    expect(screen.getByRole('status').textContent).toContain('new code now');
  });

  it('in the popup route, sends the code for its device through window.api and closes on success', async () => {
    const { api } = installFakeApi();
    mfaStore.set([request, { mfaSerial: 'arn:aws:iam::999999999999:mfa/bob', profiles: ['other'], reason: 'expiring' }]);
    render(<MfaPrompts serial={request.mfaSerial} popup />);
    expect(screen.queryByText('other')).toBeNull();
    paste(codeInput(), '246810');
    await settle();
    expect(api.mfa.submit).toHaveBeenCalledWith(request.mfaSerial, '246810');
    expect(screen.getByText(/Nothing is waiting for a code/)).toBeTruthy();
  });

  it('keeps the prompt open when main refuses the code', async () => {
    const { api } = installFakeApi();
    vi.mocked(api.mfa.submit).mockResolvedValue(fail({ code: 'ClockSkew', message: "Your computer's clock is 900 s (about 15 min) behind AWS's time, so STS refused the request.", action: 'Sync your system clock (turn on automatic date and time), then try again.' }));
    mfaStore.set([request]);
    render(<MfaPrompts />);
    paste(codeInput(), '135790');
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Your clock is out of sync');
    expect(screen.getByRole('alert').textContent).toContain('Sync your system clock');
    expect(mfaStore.get()).toHaveLength(1);
  });
});
