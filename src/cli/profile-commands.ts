import { Command } from 'commander'
import { configureCommand } from './commander-setup'
import { configPath, readConfig, requireProfile, writeConfig } from './config'
import type { CliIO } from './io'
import { maskSecret } from './mask'

/** `epilot profile add|list|use|remove`: named tokens and servers kept in the user's config directory. */
export function profileCommand(io: CliIO): Command {
  const profile = configureCommand(new Command('profile'), io).description(
    `Manage named profiles (token and server) stored in ${configPath(io.env)}`,
  )

  profile.addCommand(
    configureCommand(new Command('add'), io)
      .description('Add a profile, or replace one with the same name; the first profile becomes the current one')
      .argument('<name>', 'profile name')
      .requiredOption('-t, --token <token>', 'bearer token for this profile')
      .option('-s, --server <url>', 'API base URL for this profile')
      .action(async (name: string, options: { token: string; server?: string }) => {
        const config = await readConfig(io.env)
        config.profiles[name] = { token: options.token, ...(options.server ? { server: options.server } : {}) }
        config.current ??= name
        await writeConfig(io.env, config)
        io.stdout.write(`Saved profile ${name}${config.current === name ? ' (current)' : ''}\n`)
      }),
  )

  profile.addCommand(
    configureCommand(new Command('list'), io)
      .description('List profiles with masked tokens; * marks the current one')
      .option('--json', 'print as one line of JSON')
      .action(async (options: { json?: boolean }) => {
        const config = await readConfig(io.env)
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
          io.stderr.write('No profiles yet: add one with epilot profile add <name> --token <token>\n')
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
        requireProfile(config, name)
        config.current = name
        await writeConfig(io.env, config)
        io.stdout.write(`Now using profile ${name}\n`)
      }),
  )

  profile.addCommand(
    configureCommand(new Command('remove'), io)
      .description('Remove a profile')
      .argument('<name>', 'profile name')
      .action(async (name: string) => {
        const config = await readConfig(io.env)
        requireProfile(config, name)
        delete config.profiles[name]
        if (config.current === name) delete config.current
        await writeConfig(io.env, config)
        io.stdout.write(`Removed profile ${name}\n`)
      }),
  )
  return profile
}
