import { describe, expect, it } from 'vitest'
import type { BodySchema } from '../../src/core/commands'
import { commands } from '../../src/generated/webhooks/commands'
import { cli } from './helpers'

describe('help', () => {
  it('lists the services and the profile command on epilot --help', async () => {
    const result = await cli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: epilot <service> <operation> [options]')
    expect(result.stdout).toMatch(/webhooks\s+Webhooks/)
    expect(result.stdout).toContain('profile')
  })

  it('prints the same help for a bare epilot', async () => {
    const bare = await cli([])
    expect(bare.code).toBe(0)
    expect(bare.stdout).toBe((await cli(['--help'])).stdout)
  })

  it('lists every operation of the table with its summary on a bare epilot webhooks', async () => {
    const result = await cli(['webhooks'])
    expect(result.code).toBe(0)
    for (const spec of commands.commands) expect(result.stdout).toMatch(new RegExp(`${spec.operationId}\\b.*${spec.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    expect(result.stdout).toContain('Operations:')
  })

  it('prints the same operation list for epilot webhooks --help', async () => {
    expect((await cli(['webhooks', '--help'])).stdout).toBe((await cli(['webhooks'])).stdout)
  })

  it('shows method, path, a parameter table, the body rule and examples for an operation', async () => {
    const result = await cli(['webhooks', 'triggerWebhook', '--help'])
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toContain('Usage: epilot webhooks triggerWebhook [options] [configId]')
    expect(out).toContain('POST /v1/webhooks/configs/{configId}/trigger')
    expect(out).toMatch(/NAME\s+IN\s+TYPE\s+REQUIRED\s+DESCRIPTION/)
    expect(out).toMatch(/configId\s+path\s+string\s+yes\s+Id of the webhook configuration/)
    expect(out).toMatch(/sync\s+query\s+boolean\s+no\s+true: wait for the receiver/)
    expect(out).toContain('Request body: JSON, required')
    expect(out).toMatch(/epilot webhooks triggerWebhook <configId> -d '\{.*\}'\n/)
    expect(out).toContain('epilot webhooks triggerWebhook <configId> -p sync=true -d ')
    expect(out).toContain('epilot webhooks triggerWebhook <configId> -d @body.json')
    for (const flag of ['-p, --param', '-d, --data', '-H, --header', '-t, --token', '--profile', '-s, --server', '-i, --include', '--json', '-v, --verbose', '--jsonata', '--definition', '--guided', '--no-interactive']) {
      expect(out).toContain(flag)
    }
  })

  it('says when an operation takes no body and needs no authentication', async () => {
    const result = await cli(['webhooks', 'getPublicKey', '--help'])
    expect(result.stdout).toContain('Request body: none')
    expect(result.stdout).toContain('Authentication: not needed')
    expect(result.stdout).toContain('epilot webhooks getPublicKey -p orgId=<orgId>')
  })

  it("lists every body field of an operation from the spec's schema, required ones first, with types and enums", async () => {
    for (const spec of commands.commands.filter((op) => op.body?.schema?.properties)) {
      const out = (await cli(['webhooks', spec.operationId, '--help'])).stdout
      const schema = spec.body?.schema as BodySchema
      const required = new Set(schema.required ?? [])
      const names = Object.keys(schema.properties ?? {})
      const table = out.slice(out.indexOf('FIELD'), out.indexOf('\n\n', out.indexOf('FIELD')))
      const listed = table.split('\n').slice(1).map((line) => line.trim().split(/\s+/)[0]).filter((name) => names.includes(name as string))
      expect(new Set(listed)).toEqual(new Set(names))
      // Required first: no required field after the first optional one.
      const firstOptional = listed.findIndex((name) => !required.has(name as string))
      expect(listed.slice(firstOptional === -1 ? listed.length : firstOptional).some((name) => required.has(name as string))).toBe(false)
      for (const [name, field] of Object.entries(schema.properties ?? {})) {
        if (field.enum?.length) expect(table).toMatch(new RegExp(`\\b${name}\\s+${field.enum.map(String).join('\\|')}\\s`))
      }
    }
  })

  it('shows createConfig its fields (name, eventName, url among them) and an example body with every required field', async () => {
    const out = (await cli(['webhooks', 'createConfig', '--help'])).stdout
    for (const name of ['name', 'eventName', 'url']) expect(out).toMatch(new RegExp(`\\n  ${name}\\s+string\\s+(yes|no)\\s`))
    const example = JSON.parse(out.match(/Example body:\n {2}(.*)\n/)?.[1] ?? 'null') as Record<string, unknown>
    const schema = commands.commands.find((op) => op.operationId === 'createConfig')?.body?.schema as BodySchema
    for (const name of schema.required ?? []) expect(example).toHaveProperty(name)
    expect(out).toContain(`epilot webhooks createConfig -d '${JSON.stringify(example)}'`)
  })

  it('starts its examples with the command the CLI was started with', async () => {
    const { runCli } = await import('../../src/cli/run')
    const { PassThrough, Readable } = await import('node:stream')
    const stdout = new PassThrough()
    let out = ''
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    await runCli({ args: ['webhooks', 'getConfig', '--help'], env: {}, stdin: Readable.from([]), stdout, stderr: new PassThrough(), invocation: 'npx epilot' })
    expect(out).toContain('  npx epilot webhooks getConfig <configId>\n')
    expect(out).not.toMatch(/^ {2}epilot /m)
  })

  it('prints the version', async () => {
    const result = await cli(['--version'])
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/)
  })
})
