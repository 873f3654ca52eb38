import { describe, expect, it, vi } from 'vitest'
import type { ServiceCommands } from '../../src/core/commands'
import { cli, startFakeApi } from './helpers'

// A second generated service, as codegen would add it to src/generated/commands.ts.
const inventory = vi.hoisted((): ServiceCommands => ({
  service: 'inventory',
  title: 'Inventory',
  description: 'Stock levels.',
  server: 'http://127.0.0.1:9',
  commands: [
    {
      operationId: 'getStock',
      method: 'GET',
      path: '/v1/stock/{sku}',
      summary: 'Get the stock of one SKU',
      description: '',
      requiresAuth: true,
      parameters: [{ name: 'sku', in: 'path', required: true, type: 'string', description: 'The SKU' }],
      body: null,
    },
  ],
}))

vi.mock('../../src/generated/commands', async () => {
  const { commands: webhooks } = await import('../../src/generated/webhooks/commands')
  return { serviceCommands: { webhooks, inventory } }
})

describe('the service registry', () => {
  it('turns every table in serviceCommands into an epilot <service> command, with no CLI code per service', async () => {
    const help = await cli(['--help'])
    expect(help.stdout).toMatch(/inventory\s+Inventory/)
    expect((await cli(['inventory'])).stdout).toMatch(/getStock \[options\] \[sku\]\s+Get the stock of one SKU/)

    const api = await startFakeApi()
    try {
      const result = await cli(['inventory', 'getStock', 'A-1', '-s', api.url, '--json'])
      expect(result).toMatchObject({ code: 0, stdout: '{"ok":true}\n' })
      expect(api.requests.at(-1)?.path).toBe('/v1/stock/A-1')
    } finally {
      await api.close()
    }
  })
})
