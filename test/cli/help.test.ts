import { describe, expect, it } from 'vitest'
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
    expect(out).toContain("epilot webhooks triggerWebhook <configId> -d '{ ... }'")
    expect(out).toContain('cat body.json | epilot webhooks triggerWebhook <configId>')
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

  it('prints the version', async () => {
    const result = await cli(['--version'])
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/)
  })
})
