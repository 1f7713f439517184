/**
 * Checks a target profile before any STS call or MFA prompt, so a switch that the writer would
 * refuse fails at once instead of after the user typed a code. The writer enforces the same rules
 * again at write time (the files may change in between).
 */
import { RolecallError } from '../errors';
import type { ProfileCatalog } from '../profiles/catalog';
import { configHeader } from '../../shared/profile-rules';
import { isUsableTargetName, shadowingKeyIn } from '../../shared/profile-rules';


export function checkTarget(catalog: ProfileCatalog, profile: string, target: string, takeOver: boolean): void {
  if (!isUsableTargetName(target)) {
    throw new RolecallError('InvalidInput', `"${target}" cannot be a profile name: it must not be empty, contain brackets or line breaks, or start or end with spaces.`, {
      action: 'Pick a plain target name such as "default" or "admin".',
    });
  }
  const chain = chainNames(catalog, profile);
  if (chain.includes(target)) {
    throw new RolecallError('InvalidInput', `Target "${target}" is part of ${profile}'s own chain (${chain.join(' → ')}): writing session keys there would overwrite the keys it is made from.`, {
      action: 'Choose a different target profile.',
    });
  }
  const config = catalog.files.configFile[target];
  const shadow = config ? shadowingKeyIn(Object.keys(config)) : undefined;
  if (shadow) {
    throw new RolecallError('TargetShadowed', `Target "${target}" has ${shadow} in ${catalog.paths.configFile}; the AWS CLI and SDKs would use that instead of the keys Rolecall writes.`, {
      action: `Choose another target name, or remove ${shadow} from ${configHeader(target)}.`,
    });
  }
  const managed = catalog.managed.some((m) => m.name === target);
  if (!managed && catalog.files.credentialsFile[target] !== undefined && !takeOver) {
    throw new RolecallError('SectionNotManaged', `The section [${target}] in ${catalog.paths.credentialsFile} was not written by Rolecall, so it is left alone.`, {
      action: 'Choose another target, or allow Rolecall to take it over (a backup of the file is written first).',
      details: { target },
    });
  }
}

function chainNames(catalog: ProfileCatalog, profile: string): string[] {
  const p = catalog.profiles.find((x) => x.name === profile);
  // a role's own name is left to the shadowing check below (its config section has role_arn)
  return p?.kind === 'role' ? p.chain.slice(1) : [profile];
}
