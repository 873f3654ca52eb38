import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { orderedFields } from '../../src/cli/body-example'
import { exampleBodyText } from '../../src/cli/operation-help'
import { runCli } from '../../src/cli/run'
import type { CommandSpec } from '../../src/core/commands'
import { commands } from '../../src/generated/webhooks/commands'
import { useFakeApiAndConfigDir } from './helpers'

const { api, env: configEnv } = useFakeApiAndConfigDir()

const DOWN = '\u001b[B'
// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')

/**
 * Decides the keys for one prompt from its message; undefined means "not a prompt this test expects". A list is
 * typed one entry at a time, each next one after the prompt showed an error for the one before.
 */
type Answerer = (message: string) => string | string[] | undefined

/**
 * Runs the CLI with a terminal-like stdin and answers each prompt as it appears on stderr (prompts write
 * there so stdout stays clean for the response). A prompt is the text after a `?` mark, once no `✔` (done)
 * follows it; each is answered once, in order.
 */
async function answering(args: string[], answer: Answerer, env: Record<string, string> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  const stdout = Object.assign(new PassThrough(), { isTTY: false })
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  let err = ''
  const asked: string[] = []
  let pending: string[] = []
  let errorsSeen = 0
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    const text = stripAnsi(err)
    const done = text.split('✔').length - 1
    const open = text.slice(text.lastIndexOf('?')).slice(2).replace(/\n/g, ' ')
    if (text.lastIndexOf('?') < text.lastIndexOf('✔')) return
    if (done !== asked.length) {
      // The prompt asked last is still open: type the next entry once it shows a new error.
      const errors = text.split('\n> ').length - 1
      if (errors > errorsSeen && pending.length) {
        errorsSeen = errors
        const next = pending.shift() as string
        setImmediate(() => stdin.write(next))
      }
      return
    }
    const keys = answer(open) ?? '\u0003'
    ;[pending, errorsSeen] = [Array.isArray(keys) ? keys.slice(1) : [], text.split('\n> ').length - 1]
    asked.push(open.split(' —')[0]?.split(' (')[0] ?? open)
    const first = Array.isArray(keys) ? (keys[0] as string) : keys
    setImmediate(() => stdin.write(first))
  })
  const code = await runCli({ args, env: { ...configEnv(), ...env }, stdin, stdout, stderr })
  return { code, stdout: out, stderr: err, asked }
}

const spec = (operationId: string): CommandSpec => commands.commands.find((op) => op.operationId === operationId) as CommandSpec

describe('prompts', () => {
  it('--guided asks for every parameter, then the body field by field, offering given values as defaults', async () => {
    const trigger = spec('triggerWebhook')
    // The body the help shows as its example is given with -d: every required field then has a default to accept.
    const body = JSON.parse(exampleBodyText(trigger) as string) as Record<string, unknown>
    const result = await answering(['webhooks', 'triggerWebhook', '--guided', '-p', 'configId=given', '-d', JSON.stringify(body), '-s', api.url, '--json'], (message) =>
      message.startsWith('sync ') ? 'true\n' : '\n',
    )
    expect(result.code).toBe(0)
    expect(result.asked.slice(0, 2)).toEqual(['configId', 'sync'])
    const requiredFields = orderedFields(trigger.body?.schema ?? {}).filter(([, , required]) => required).map(([name]) => name)
    for (const name of requiredFields) expect(result.asked.some((asked) => asked === name || asked.startsWith(`${name}.`))).toBe(true)
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/webhooks/configs/given/trigger', query: { sync: 'true' } })
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual(body)
    expect(result.stdout).toBe('{"ok":true}\n')
  })

  it('--guided asks the required body fields first, then offers the optional ones as a checklist and asks the ticked ones', async () => {
    const create = spec('createConfig')
    const schema = create.body?.schema ?? {}
    const optional = orderedFields(schema).filter(([, , required]) => !required).map(([name]) => name)
    const given = JSON.parse(exampleBodyText(create) as string) as Record<string, unknown>
    delete given.url
    const result = await answering(['webhooks', 'createConfig', '--guided', '-d', JSON.stringify(given), '-s', api.url, '--json'], (message) => {
      if (message.startsWith('Optional fields to set')) return `${DOWN.repeat(optional.indexOf('url'))} \n`
      if (message.startsWith('url (')) return 'https://crm.example.com/hook\n'
      return '\n'
    })
    expect(result.code).toBe(0)
    const checklist = result.asked.indexOf('Optional fields to set')
    expect(checklist).toBeGreaterThan(-1)
    for (const name of schema.required ?? []) expect(result.asked.indexOf(name)).toBeLessThan(checklist)
    expect(result.asked.indexOf('url')).toBeGreaterThan(checklist)
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual({ ...given, url: 'https://crm.example.com/hook' })
  })

  it('--guided offers an enum as a choice of its values', async () => {
    const create = spec('createConfig')
    const optional = orderedFields(create.body?.schema ?? {}).filter(([, , required]) => !required)
    const given = JSON.parse(exampleBodyText(create) as string) as Record<string, unknown>
    // An enum field the example body does not set already.
    const index = optional.findIndex(([name, field]) => !(name in given) && field.enum && field.enum.length > 1 && field.type === 'string')
    const [name, field] = optional[index] as (typeof optional)[number]
    let choices = ''
    const result = await answering(['webhooks', 'createConfig', '--guided', '-d', JSON.stringify(given), '-s', api.url, '--json'], (message) => {
      if (message.startsWith('Optional fields to set')) return `${DOWN.repeat(index)} \n`
      if (message.startsWith(`${name} (`)) {
        choices = message
        return `${DOWN}\n`
      }
      return '\n'
    })
    expect(result.code).toBe(0)
    for (const value of field.enum ?? []) expect(choices).toContain(String(value))
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual({ ...given, [name]: field.enum?.[1] })
  })

  it('--guided asks for a list as JSON, and asks again until the answer is a JSON array', async () => {
    // An operation whose body has a required list field, as the spec has it.
    const hasList = (op: CommandSpec) => orderedFields(op.body?.schema ?? {}).find(([, field, required]) => required && field.type === 'array' && !field.items?.enum)
    const op = commands.commands.find(hasList) as CommandSpec
    const [name] = hasList(op) ?? []
    const path = op.parameters.filter((p) => p.in === 'path').flatMap((p) => ['-p', `${p.name}=x`])
    let message = ''
    const result = await answering(['webhooks', op.operationId, '--guided', ...path, '-s', api.url, '--json'], (asked) => {
      if (!asked.startsWith(`${name} (`)) return '\n'
      message = asked
      // Not a list first; once that is rejected, a list.
      return ['"just text"\n', `${'\b'.repeat(20)}["a","b"]\n`]
    })
    expect(result.code).toBe(0)
    // The prompt is read off a terminal, which may wrap a long line: compare with white space folded.
    expect(message.replace(/\s+/g, ' ')).toContain('as JSON')
    expect(stripAnsi(result.stderr)).toContain('Expected a JSON array')
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toMatchObject({ [name as string]: ['a', 'b'] })
  })

  it('asks only for missing required values on a terminal', async () => {
    const result = await answering(['webhooks', 'getEventById', 'cfg', '-s', api.url], (message) => (message.startsWith('eventId') ? 'evt-1\n' : undefined))
    expect(result.code).toBe(0)
    expect(result.asked).toEqual(['eventId'])
    expect(api.requests.at(-1)?.path).toBe('/v1/webhooks/configs/cfg/events/evt-1')
  })

  it('never prompts with --no-interactive, even on a terminal', async () => {
    const result = await answering(['webhooks', 'getEventById', 'cfg', '--no-interactive', '-s', api.url], () => undefined)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required path parameter eventId')
  })

  it('never prompts when CI is set', async () => {
    const result = await answering(['webhooks', 'getConfig', '-s', api.url], () => undefined, { CI: 'true' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required path parameter configId')
  })
})
