/** Environment for child processes of the suite (kept free of vitest imports: children load it too). */

/** Environment for /usr/bin/aws pointed at temp files only (never the real ~/.aws). */
export function awsCliEnv(home: string, configFile: string, credentialsFile: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}
