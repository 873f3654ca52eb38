import { readConfig, type CliConfig } from './config'
import { CliUsageError } from './errors'

/** Where the token and server of one request come from, in precedence order. */
export interface ConnectionInputs {
  /** `--token` */
  token?: string
  /** `--server` */
  server?: string
  /** `--profile` */
  profile?: string
  /** The server of a spec loaded with `--definition`: it beats the environment and the profile. */
  definitionServer?: string
  /** The generated spec's first server. */
  defaultServer: string
}

/** The token and base URL a request uses. */
export interface Connection {
  token: string | undefined
  server: string
}

function profileOf(config: CliConfig, name: string | undefined): CliConfig['profiles'][string] | undefined {
  const wanted = name ?? config.current
  if (!wanted) return undefined
  const profile = config.profiles[wanted]
  if (!profile && name) {
    const known = Object.keys(config.profiles)
    throw new CliUsageError(
      'unknown_profile',
      `no profile named "${name}"${known.length ? ` (profiles: ${known.join(', ')})` : ''}: add it with epilot profile add ${name} --token <token>`,
    )
  }
  return profile
}

/**
 * Token: `--token`, then `EPILOT_TOKEN`, then the profile (`--profile` or the current one).
 * Server: `--server`, then a `--definition` spec's server, then `EPILOT_SERVER`, the profile, the spec default.
 */
export async function resolveConnection(inputs: ConnectionInputs, env: Readonly<Record<string, string | undefined>>): Promise<Connection> {
  const needsProfile = !(inputs.token || env.EPILOT_TOKEN) || !(inputs.server || inputs.definitionServer || env.EPILOT_SERVER)
  const profile = needsProfile || inputs.profile ? profileOf(await readConfig(env), inputs.profile) : undefined
  return {
    token: inputs.token || env.EPILOT_TOKEN || profile?.token || undefined,
    server: inputs.server || inputs.definitionServer || env.EPILOT_SERVER || profile?.server || inputs.defaultServer,
  }
}
