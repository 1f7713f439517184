/**
 * What the packaged `rolecall` CLI loads at run time under plain Node, read from the built files
 * themselves (bin/rolecall.cjs and the keychain worker, following every chunk they import): the
 * bare specifiers esbuild sees, plus the `createRequire(…)('name')` loads it cannot see. Then the
 * installed packages those pull in (dependencies and optional dependencies, resolved the way
 * Node resolves them), and the packages electron-builder ships (the closure of `dependencies`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

/** A package name from a bare specifier (`@scope/name/sub` → `@scope/name`), or undefined for a built-in. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  // esbuild's own virtual modules (`<runtime>`) and relative paths are not packages
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/|$)/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

export interface RuntimeRequires {
  /** Built files reached from the entries (relative to the project). */
  files: string[];
  packages: string[];
  /** `require(`/`createRequire(…)(` calls whose argument is not a string literal: the scan cannot see those. */
  opaque: string[];
}

export async function runtimeRequires(root: string, entries: string[]): Promise<RuntimeRequires> {
  const result = await build({ absWorkingDir: root, entryPoints: entries.map((e) => join(root, e)), bundle: true, packages: 'external', metafile: true, write: false, platform: 'node', format: 'esm', outdir: join(root, 'node_modules/.cache/runtime-requires'), logLevel: 'silent' });
  const packages = new Set<string>();
  const files = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('<'));
  for (const input of Object.values(result.metafile.inputs)) for (const imp of input.imports) if (imp.external && packageOf(imp.path)) packages.add(packageOf(imp.path)!);
  const opaque: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/createRequire\)?\([^()]*\)\)?\(\s*(["'])([^"']+)\1\s*\)/g)) if (packageOf(m[2]!)) packages.add(packageOf(m[2]!)!);
    for (const m of text.matchAll(/\brequire\)?(?:\([^()]*\)\)?)?\(\s*([^)"'\s][^)]*)\)/g)) if (!/^__require$|^\d/.test(m[1]!)) opaque.push(`${file}: ${m[0]}`);
  }
  return { files, packages: [...packages].sort(), opaque };
}

/** The folder of `name` as Node finds it from `fromDir` (walking up node_modules), or undefined. */
function findPackage(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** Installed package folders (relative to `root`) that `names`, required from `root`, pull in. */
export function installedClosure(root: string, names: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string, fromDir: string): void => {
    const dir = findPackage(name, fromDir, root);
    if (dir === undefined || seen.has(dir)) return; // an optional dependency for another platform
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, dir);
  };
  for (const name of names) visit(name, root);
  return [...seen].map((d) => relative(root, d).split('\\').join('/')).sort();
}
