import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run'
import { useFakeApiAndConfigDir } from './helpers'

const { api, env: configEnv } = useFakeApiAndConfigDir()

/**
 * Runs the CLI with a terminal-like stdin and answers each prompt as it appears on stderr
 * (prompts write there so stdout stays clean for the response).
 */
async function answering(args: string[], answers: Array<[prompt: string, answer: string]>, env: Record<string, string> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  const stdout = Object.assign(new PassThrough(), { isTTY: false })
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  let err = ''
  const asked: string[] = []
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    const next = answers[asked.length]
    if (next && err.includes(next[0]) && !asked.includes(next[0])) {
      asked.push(next[0])
      setImmediate(() => stdin.write(`${next[1]}\n`))
    }
  })
  const code = await runCli({ args, env: { ...configEnv(), ...env }, stdin, stdout, stderr })
  return { code, stdout: out, stderr: err, asked }
}

describe('prompts', () => {
  it('--guided asks for every parameter and the body, offering given values as defaults', async () => {
    const result = await answering(
      ['webhooks', 'triggerWebhook', '--guided', '-p', 'configId=given', '-s', api.url, '--json'],
      [
        ['configId', ''],
        ['sync', 'true'],
        ['Request body as JSON', '{"metadata":{"action":"test"}}'],
      ],
    )
    expect(result.code).toBe(0)
    expect(result.asked).toHaveLength(3)
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/webhooks/configs/given/trigger', query: { sync: 'true' } })
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual({ metadata: { action: 'test' } })
    expect(result.stdout).toBe('{"ok":true}\n')
  })

  it('asks only for missing required values on a terminal', async () => {
    const result = await answering(['webhooks', 'getEventById', 'cfg', '-s', api.url], [['eventId', 'evt-1']])
    expect(result.code).toBe(0)
    expect(result.asked).toEqual(['eventId'])
    expect(api.requests.at(-1)?.path).toBe('/v1/webhooks/configs/cfg/events/evt-1')
  })

  it('never prompts with --no-interactive, even on a terminal', async () => {
    const result = await answering(['webhooks', 'getEventById', 'cfg', '--no-interactive', '-s', api.url], [])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required path parameter eventId')
  })

  it('never prompts when CI is set', async () => {
    const result = await answering(['webhooks', 'getConfig', '-s', api.url], [], { CI: 'true' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required path parameter configId')
  })
})
