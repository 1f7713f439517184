/** The credential_process bridge: output format, the app's local server, the CLI's client, config lines. */
export {
  formatCredentialProcessOutput,
  toCredentialProcessOutput,
  CREDENTIAL_PROCESS_MIN_REMAINING_SECONDS,
  type CredentialProcessOutput,
  type TemporaryCredentialsLike,
} from './format';
export { startCredentialServer, type CredentialServer, type CredentialServerOptions } from './server';
export { requestFromApp, type AppAnswer, type AppRequestOptions } from './client';
export { credentialProcessConfigSection, quoteArg, type CredentialProcessSection } from './config-section';
export { channelPaths, type ChannelPaths } from './channel-paths';
export { MAX_REQUEST_BYTES, type ChannelRequest, type ChannelResponse } from './protocol';
export { setupCredentialProcessProfile, type SetupCredentialProcessOptions, type SetupCredentialProcessResult } from './setup';
