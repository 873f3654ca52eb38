import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../../src/generated/webhooks/commands'
import { cli, tempDir, type TempDir } from './helpers'

let dir: TempDir
let bashScript: string
beforeAll(async () => {
  dir = await tempDir()
  const result = await cli(['completion', 'bash'])
  expect(result).toMatchObject({ code: 0, stderr: '' })
  bashScript = join(dir.path, 'epilot.bash')
  await writeFile(bashScript, result.stdout)
})
afterAll(() => dir.remove())

/** What bash completes for the words typed so far (the last one is being typed), with the script sourced. */
async function complete(...words: string[]): Promise<string[]> {
  const driver = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _epilot_completion; printf '%s\\n' "\${COMPREPLY[@]}"`
  const { stdout } = await promisify(execFile)('bash', ['-c', driver, 'bash', bashScript, 'epilot', ...words], { env: { PATH: process.env.PATH } })
  return stdout.split('\n').filter(Boolean)
}

describe('epilot completion bash', () => {
  it('prints a script bash can parse', async () => {
    await expect(promisify(execFile)('bash', ['-n', bashScript])).resolves.toBeDefined()
  })

  it('completes services, operations and their flags', async () => {
    expect(await complete('')).toEqual(expect.arrayContaining(['webhooks', 'profile', 'completion']))
    expect(await complete('webhooks', '')).toEqual(expect.arrayContaining([...commands.commands.map((op) => op.operationId), 'listen', 'serve']))
    expect(await complete('webhooks', 'getConf')).toEqual(commands.commands.map((op) => op.operationId).filter((name) => name.startsWith('getConf')))
    expect(await complete('webhooks', 'getConfig', '--js')).toEqual(['--json', '--jsonata'])
  })

  it('skips flag values when it works out which command is being typed', async () => {
    expect(await complete('webhooks', '-h', 'getConfig', '-s', 'http://x', '--guid')).toEqual(['--guided'])
    expect(await complete('--definition', 'webhooks', 'webhooks', 'getConfig', '--no-inter')).toEqual(['--no-interactive'])
  })

  it('completes -p with the names of the operation parameters', async () => {
    const trigger = commands.commands.find((op) => op.operationId === 'triggerWebhook')
    expect(await complete('webhooks', 'triggerWebhook', '-p', '')).toEqual(trigger?.parameters.map((p) => `${p.name}=`))
  })

  it('completes the shells of completion itself', async () => {
    expect(await complete('completion', '')).toEqual(['bash', 'zsh', 'fish'])
  })
})

describe('epilot completion zsh and fish', () => {
  it('prints a zsh script built on the bash one (through bashcompinit)', async () => {
    const result = await cli(['completion', 'zsh'])
    expect(result.stdout.startsWith('#compdef epilot\n')).toBe(true)
    expect(result.stdout).toContain('bashcompinit')
    expect(result.stdout).toContain('complete -F _epilot_completion epilot')
  })

  it('prints fish completions for every operation and its flags', async () => {
    const { stdout } = await cli(['completion', 'fish'])
    for (const op of commands.commands) expect(stdout).toContain(`-a '${op.operationId}'`)
    expect(stdout).toContain("complete -c epilot -n '__fish_seen_subcommand_from webhooks; and __fish_seen_subcommand_from getConfig' -s p -l param -r -a 'configId='")
    expect(stdout).toContain("-l profile -r -a '(epilot profile list --names 2>/dev/null)'")
  })

  it('refuses another shell', async () => {
    const result = await cli(['completion', 'powershell'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.")
  })
})
