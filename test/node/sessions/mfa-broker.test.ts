import { describe, expect, it } from 'vitest';
import { MfaBroker, type MfaBrokerEvent } from '../../../electron/core/sessions/mfa-broker';
import { RolecallError } from '../../../electron/core/errors';

const SERIAL = 'arn:aws:iam::123456789012:mfa/dev';

describe('MfaBroker', () => {
  it('announces one prompt per device however many wait, and one code serves them all', async () => {
    const events: MfaBrokerEvent[] = [];
    const broker = new MfaBroker((e) => events.push(e));
    const used: Array<string | undefined> = [];
    const run = (code: string | undefined) => {
      used.push(code);
      return Promise.resolve();
    };
    const waits = ['admin', 'readonly', 'admin'].map((p) => broker.wait(SERIAL, p, 'expiring', run));
    expect(events.filter((e) => e.type === 'required')).toHaveLength(1);
    expect(broker.requests()).toEqual([{ mfaSerial: SERIAL, profiles: ['admin', 'readonly'], reason: 'expiring' }]);
    await broker.submit(SERIAL, '123456');
    await Promise.all(waits);
    expect(used).toEqual(['123456', undefined, undefined]);
    expect(events.at(-1)).toEqual({ type: 'resolved', mfaSerial: SERIAL });
    expect(broker.requests()).toEqual([]);
  });

  it('keeps the prompt open after a wrong code, and fails every waiter on cancel', async () => {
    const broker = new MfaBroker(() => {});
    let attempts = 0;
    const wait = broker.wait(SERIAL, 'admin', 'switch', async () => {
      attempts++;
      throw new RolecallError('MfaInvalid', 'The MFA code was not accepted');
    });
    await expect(broker.submit(SERIAL, '000000')).rejects.toMatchObject({ code: 'MfaInvalid' });
    expect(broker.requests()).toHaveLength(1);
    broker.cancel(SERIAL);
    await expect(wait).rejects.toMatchObject({ code: 'MfaRequired' });
    expect(attempts).toBe(1);
    await expect(broker.submit(SERIAL, '111111')).rejects.toMatchObject({ code: 'NoPendingMfa' });
  });

  it('a switch outranks an expiry reminder in the prompt’s reason', () => {
    const broker = new MfaBroker(() => {});
    void broker.wait(SERIAL, 'a', 'expiring', async () => {}).catch(() => {});
    void broker.wait(SERIAL, 'b', 'switch', async () => {}).catch(() => {});
    expect(broker.requests()[0]!.reason).toBe('switch');
    broker.cancel(SERIAL);
  });
});
