import { basename, isAbsolute, relative } from 'node:path'

/** How the running process was started: the script node ran, the environment npm left, the working directory. */
export interface LaunchFacts {
  /** `process.argv[1]`: the script path node was given (a bin link keeps its own path here). */
  script: string | undefined
  env: Readonly<Record<string, string | undefined>>
  cwd: string
}

/** Quotes a word for a POSIX shell when it needs it: `'…'`, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * The command a user types to run this CLI again the way it was started, for hints and examples:
 * - `npx -p <package> epilot` under `npx -p …` (npm sets `npm_config_package`), `npx epilot` under `npx`/`npm exec`
 *   or when run from a project's `node_modules` (a local install puts no `epilot` on the shell's PATH);
 * - `epilot` for a bin link elsewhere (global install, `npm link`);
 * - `node <path>` when node ran the script itself (`node dist/cli/main.js`), `npx tsx <path>` for the TypeScript source.
 * Falls back to `epilot` when nothing is known (in-process runs).
 */
export function invocationOf(facts: LaunchFacts): string {
  const { script, env, cwd } = facts
  if (env.npm_command === 'exec') return env.npm_config_package ? `npx -p ${shellQuote(env.npm_config_package)} epilot` : 'npx epilot'
  if (!script) return 'epilot'
  // Installed in a project (its .bin link or the package itself): npx finds it from the project directory.
  if (/node_modules[\\/](?:\.bin|@epilot[\\/]sdk)[\\/]/.test(script)) return 'npx epilot'
  if (basename(script) === 'epilot') return 'epilot'
  const shown = isAbsolute(script) && !relative(cwd, script).startsWith('..') ? relative(cwd, script) : script
  return `${/\.[cm]?ts$/.test(script) ? 'npx tsx' : 'node'} ${shellQuote(shown)}`
}
