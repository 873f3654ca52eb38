import { Command, InvalidArgumentError } from 'commander'
import { configureCommand } from './commander-setup'
import { configPath, readConfig, requireProfile, writeConfig, type Profile } from './config'
import { invocation, type CliIO } from './io'
import { maskSecret } from './mask'

/** Checks `--server` when the profile is added, not at its first request: an http(s) URL with a host. */
export function parseServerUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL: pass http(s)://host[:port][/base-path], e.g. http://127.0.0.1:4010`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`"${value}" is not an http(s) URL: pass http(s)://host[:port][/base-path]`)
  }
  return value
}

function parseToken(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the token is empty: pass the bearer token of this profile')
  return value
}

/** `token ****abcd, server http://…`: a profile as messages show it, token masked. */
function describeProfile(profile: Profile): string {
  return `token ${maskSecret(profile.token)}, ${profile.server ? `server ${profile.server}` : 'default server'}`
}

/** `epilot profile add|list|use|remove`: named tokens and servers kept in the user's config directory. */
export function profileCommand(io: CliIO): Command {
  const run = invocation(io)
  const profile = configureCommand(new Command('profile'), io).description(
    `Manage named profiles (token and server) stored in ${configPath(io.env)}`,
  )

  profile.addCommand(
    configureCommand(new Command('add'), io)
      .description('Add a profile, or replace one with the same name; the first profile becomes the current one')
      .argument('<name>', 'profile name')
      .requiredOption('-t, --token <token>', 'bearer token for this profile', parseToken)
      .option('-s, --server <url>', 'API base URL for this profile (http or https)', parseServerUrl)
      .action(async (name: string, options: { token: string; server?: string }) => {
        const config = await readConfig(io.env)
        const previous = config.profiles[name]
        const next: Profile = { token: options.token, ...(options.server ? { server: options.server } : {}) }
        config.profiles[name] = next
        config.current ??= name
        await writeConfig(io.env, config)
        const current = config.current === name ? ' (current)' : ''
        io.stdout.write(
          previous
            ? `Replaced profile ${name}${current}: ${describeProfile(next)} (was ${describeProfile(previous)})\n`
            : `Saved profile ${name}${current}: ${describeProfile(next)}\n`,
        )
      }),
  )

  profile.addCommand(
    configureCommand(new Command('list'), io)
      .description('List profiles with masked tokens; * marks the current one')
      .option('--json', 'print as one line of JSON')
      .option('--names', 'print only the names, one per line (for scripts and shell completion)')
      .action(async (options: { json?: boolean; names?: boolean }) => {
        const config = await readConfig(io.env)
        if (options.names) {
          for (const name of Object.keys(config.profiles)) io.stdout.write(`${name}\n`)
          return
        }
        const rows = Object.entries(config.profiles).map(([name, p]) => ({
          name,
          current: name === config.current,
          token: maskSecret(p.token),
          server: p.server ?? '',
        }))
        if (options.json) {
          io.stdout.write(`${JSON.stringify(rows)}\n`)
          return
        }
        if (!rows.length) {
          io.stderr.write(`No profiles yet: add one with ${run} profile add <name> --token <token>\n`)
          return
        }
        const width = Math.max(...rows.map((row) => row.name.length))
        for (const row of rows) io.stdout.write(`${row.current ? '*' : ' '} ${row.name.padEnd(width)}  ${row.token}${row.server ? `  ${row.server}` : ''}\n`)
      }),
  )

  profile.addCommand(
    configureCommand(new Command('use'), io)
      .description('Make a profile the current one')
      .argument('<name>', 'profile name')
      .action(async (name: string) => {
        const config = await readConfig(io.env)
        requireProfile(config, name, run)
        config.current = name
        await writeConfig(io.env, config)
        io.stdout.write(`Now using profile ${name}\n`)
      }),
  )

  profile.addCommand(
    configureCommand(new Command('remove'), io)
      .description('Remove a profile; removing the current one leaves no profile current')
      .argument('<name>', 'profile name')
      .action(async (name: string) => {
        const config = await readConfig(io.env)
        requireProfile(config, name, run)
        delete config.profiles[name]
        const wasCurrent = config.current === name
        if (wasCurrent) delete config.current
        await writeConfig(io.env, config)
        const others = Object.keys(config.profiles)
        io.stdout.write(`Removed profile ${name}\n`)
        if (wasCurrent) {
          io.stderr.write(
            `It was the current profile: no profile is current now, so requests use only --token/--server and EPILOT_TOKEN/EPILOT_SERVER${
              others.length ? `. Pick another with ${run} profile use <name> (profiles: ${others.join(', ')})` : ''
            }.\n`,
          )
        }
      }),
  )
  return profile
}
