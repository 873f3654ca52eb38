import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CliUsageError } from './errors'

/** One named set of credentials. */
export interface Profile {
  token: string
  server?: string
}

/** The contents of `config.json`. */
export interface CliConfig {
  /** The profile used when `--profile` is not given. */
  current?: string
  profiles: Record<string, Profile>
}

/** `$EPILOT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/epilot`, else `~/.config/epilot`. */
export function configDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.EPILOT_CONFIG_DIR) return env.EPILOT_CONFIG_DIR
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'epilot')
  return join(env.HOME || homedir(), '.config', 'epilot')
}

/** Path of the config file. */
export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(configDir(env), 'config.json')
}

function isProfile(value: unknown): value is Profile {
  if (typeof value !== 'object' || value === null) return false
  const { token, server } = value as Record<string, unknown>
  return typeof token === 'string' && (server === undefined || typeof server === 'string')
}

/** Reads the config; a missing file is an empty config. */
export async function readConfig(env: Readonly<Record<string, string | undefined>>): Promise<CliConfig> {
  const path = configPath(env)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} }
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CliUsageError('invalid_config', `${path} is not valid JSON: fix it or delete it and add your profiles again`)
  }
  const { current, profiles } = (parsed ?? {}) as Record<string, unknown>
  const valid =
    typeof profiles === 'object' && profiles !== null && Object.values(profiles).every(isProfile) && (current === undefined || typeof current === 'string')
  if (!valid) throw new CliUsageError('invalid_config', `${path} does not look like an epilot CLI config: fix it or delete it and add your profiles again`)
  return { ...(current ? { current } : {}), profiles: profiles as Record<string, Profile> }
}

/** Writes the config readable by its owner only (0600, directory 0700), since it holds tokens. */
export async function writeConfig(env: Readonly<Record<string, string | undefined>>, config: CliConfig): Promise<void> {
  await mkdir(configDir(env), { recursive: true, mode: 0o700 })
  const path = configPath(env)
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  // writeFile's mode only applies when it creates the file; tighten one that existed before.
  await chmod(path, 0o600)
}

/**
 * The named profile; a usage error that lists the known ones and says how to add it when there is none
 * (`invocation`: how the hint runs the CLI, `epilot` by default).
 */
export function requireProfile(config: CliConfig, name: string, invocation = 'epilot'): Profile {
  const profile = config.profiles[name]
  if (profile) return profile
  const known = Object.keys(config.profiles)
  throw new CliUsageError(
    'unknown_profile',
    `no profile named "${name}"${known.length ? ` (profiles: ${known.join(', ')})` : ' (no profiles yet)'}: add it with ${invocation} profile add ${name} --token <token>`,
  )
}
