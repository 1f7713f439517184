/** The MFA device an error message names: the agent's errors cross the channel as text, without details. */
export function mfaDeviceIn(message: string): string {
  return /arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+/.exec(message)?.[0] ?? 'your MFA device';
}
