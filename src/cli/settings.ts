import { readConfig, requireProfile, type CliConfig, type Profile } from './config'

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
  /** How hints run the CLI (`epilot`, `npx epilot`, …). */
  invocation?: string
}

/** The token and base URL a request uses. */
export interface Connection {
  token: string | undefined
  server: string
}

/** `--profile` must exist; a current profile that was removed by hand is simply not used. */
function profileOf(config: CliConfig, name: string | undefined, invocation: string | undefined): Profile | undefined {
  if (name) return requireProfile(config, name, invocation)
  return config.current ? config.profiles[config.current] : undefined
}

/**
 * Token: `--token`, then `EPILOT_TOKEN`, then the profile (`--profile` or the current one).
 * Server: `--server`, then a `--definition` spec's server, then `EPILOT_SERVER`, the profile, the spec default.
 */
export async function resolveConnection(inputs: ConnectionInputs, env: Readonly<Record<string, string | undefined>>): Promise<Connection> {
  const needsProfile = !(inputs.token || env.EPILOT_TOKEN) || !(inputs.server || inputs.definitionServer || env.EPILOT_SERVER)
  const profile = needsProfile || inputs.profile ? profileOf(await readConfig(env), inputs.profile, inputs.invocation) : undefined
  return {
    token: inputs.token || env.EPILOT_TOKEN || profile?.token || undefined,
    server: inputs.server || inputs.definitionServer || env.EPILOT_SERVER || profile?.server || inputs.defaultServer,
  }
}
