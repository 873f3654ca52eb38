import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type DeliveryAttemptInfo } from '../../../src/webhooks/engine'
import { startReceiver, type Handler } from './helpers/receiver'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

/** A receiver answering the n-th request with statuses[n - 1] (the last one after that), and an engine reporting every attempt. */
async function setup(statuses: number[], throwing = false) {
  let n = 0
  const handler: Handler = (_req, res) => {
    res.writeHead(statuses[Math.min(n++, statuses.length - 1)] as number)
    res.end('{"secret":"response body"}')
  }
  const receiver = await startReceiver(handler)
  const attempts: DeliveryAttemptInfo[] = []
  let clock = Date.parse('2025-01-01T00:00:00Z')
  const engine = createEngine({
    sleep: async () => {},
    now: () => (clock += 5),
    onAttempt: (info) => {
      attempts.push(info)
      if (throwing) throw new Error('observer failed')
    },
  })
  cleanup.push(() => receiver.close(), () => engine.close())
  const { id } = await engine.createConfig({
    name: 'n',
    eventName: 'product_updated',
    url: `${receiver.url}/hook`,
    httpMethod: 'POST',
    auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'key-value-secret' } },
  })
  return { engine, configId: id as string, attempts }
}

describe('onAttempt', () => {
  it('reports each attempt of a sync trigger: number, outcome, status, duration, and nothing else', async () => {
    const { engine, configId, attempts } = await setup([503, 500, 200])
    const result = await engine.trigger(configId, { metadata: { organization_id: 'o' } }, { sync: true })
    expect(attempts.map(({ attempt, outcome, statusCode }) => ({ attempt, outcome, statusCode }))).toEqual([
      { attempt: 1, outcome: 'retry', statusCode: 503 },
      { attempt: 2, outcome: 'retry', statusCode: 500 },
      { attempt: 3, outcome: 'succeeded', statusCode: 200 },
    ])
    for (const info of attempts) {
      expect(info).toMatchObject({ configId, eventId: result.event_id })
      expect(Object.keys(info).sort()).toEqual(['attempt', 'configId', 'durationMs', 'eventId', 'outcome', 'statusCode'])
      expect(info.durationMs).toBeGreaterThan(0)
    }
    expect(JSON.stringify(attempts)).not.toContain('secret')
  })

  it('reports async attempts too, with the error code when there was no answer', async () => {
    const { engine, attempts } = await setup([404])
    await engine.emit('product_updated', { entity: { _id: 'p' } }, { organization_id: 'o' })
    await engine.idle()
    expect(attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'failed', statusCode: 404 })])

    const { id } = await engine.createConfig({ name: 'down', eventName: 'other_event', url: 'http://127.0.0.1:9/hook', httpMethod: 'POST' })
    await engine.trigger(id as string, { metadata: { organization_id: 'o' } }, { sync: true })
    expect(attempts.at(-1)).toMatchObject({ configId: id, outcome: expect.stringMatching(/retry|failed/), code: expect.any(String) })
    expect(attempts.at(-1)?.statusCode).toBeUndefined()
  })

  it('does not let an observer that throws change the delivery', async () => {
    const { engine, configId, attempts } = await setup([200], true)
    const result = await engine.trigger(configId, { metadata: { organization_id: 'o' } }, { sync: true })
    expect(result.status).toBe('succeeded')
    expect(attempts).toHaveLength(1)
  })
})
