import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_TRIGGER_LIMITS } from '../../src/cli/webhooks-operations'
import { resolveOptions } from '../../src/webhooks/engine/options'
import { cli, serveEngine, startReceiver, tempDir, useFakeApiAndConfigDir, type RecordedRequest, type Reply } from './helpers'

const { api, env } = useFakeApiAndConfigDir()
const metadata = '{"metadata":{"organization_id":"1"}}'
/** Erases the progress line's terminal control sequences, keeping its last text. */
const CLEAR = '\r\u001b[2K'

/** A promise and its resolver: the fake API waits on it, the test resolves it when it has seen what it waits for. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {}
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('triggerWebhook: the exit status says whether the delivery worked', () => {
  it('exits 1 when the answer reports a failed delivery, after printing the answer', async () => {
    const answer = { event_id: 'evt-1', status: 'failed', status_code: '503', message: 'Service Unavailable' }
    api.reply({ body: answer })
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '--json', '-d', metadata, '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 1, stdout: `${JSON.stringify(answer)}\n` })
    expect(result.stderr).toBe('Error: the delivery of event evt-1 failed: 503 Service Unavailable\n')
  })

  it('names the error code when the receiver never answered', async () => {
    api.reply({ body: { event_id: 'evt-2', status: 'failed', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } })
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url], { env: env() })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('Error: the delivery of event evt-2 failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9\n')
  })

  it('exits 0 for a skipped delivery and says why nothing was sent (quiet with --json)', async () => {
    api.reply({ body: { event_id: 'evt-3', code: 'skipped', message: 'No filter condition matched; nothing was sent.' } })
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stderr: 'Skipped (event evt-3): No filter condition matched; nothing was sent.\n' })
    const quiet = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '--json', '-d', metadata, '-s', api.url], { env: env() })
    expect(quiet).toMatchObject({ code: 0, stderr: '' })
  })

  it('exits 0 when it succeeded or was queued', async () => {
    for (const body of [{ event_id: 'evt-4', status: 'succeeded', status_code: '204' }, { event_id: 'evt-5' }]) {
      api.reply({ body })
      expect(await cli(['webhooks', 'triggerWebhook', 'cfg', '-d', metadata, '-s', api.url], { env: env() })).toMatchObject({ code: 0, stderr: '' })
    }
  })

  it('decides on the answer, not on what --jsonata prints', async () => {
    api.reply({ body: { event_id: 'evt-6', status: 'failed', status_code: '500' } })
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-d', metadata, '--jsonata', 'event_id', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 1, stdout: '"evt-6"\n' })
  })

  it('says so in its help', async () => {
    expect((await cli(['webhooks', 'triggerWebhook', '--help'])).stdout).toContain('Exit status 1 when the answer reports a failed delivery')
  })
})

describe('triggerWebhook -p sync=true: a progress line on a terminal while it waits', () => {
  /** The fake API holds the trigger until `release`, and answers event searches with `events`. */
  function holdTrigger(events: unknown[], release: Promise<void>): void {
    api.reply(async (request: RecordedRequest): Promise<Reply> => {
      if (request.path.endsWith('/trigger')) {
        await release
        return { body: { event_id: 'evt-9', status: 'succeeded', status_code: '200' } }
      }
      return { body: { data: events, has_more: false } }
    })
  }

  it('shows the elapsed time and the running attempt it learns from the event log, and erases the line at the end', async () => {
    const release = gate()
    const running = { event_id: 'evt-9', status: 'in_progress', attempts: 1, http_response: { status_code: 503, message: 'Service Unavailable' } }
    holdTrigger([running, { event_id: 'evt-8', status: 'succeeded', attempts: 1 }], release.promise)
    const seen: string[] = []
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url], {
      env: env(),
      stderrTTY: true,
      progressIntervalMs: 10,
      onStderr: (text) => {
        seen.push(text)
        if (text.includes('attempt 2 of 3')) release.open()
      },
    })
    expect(result.code).toBe(0)
    const lines = result.stderr.split(CLEAR).filter(Boolean)
    expect(lines[0]).toBe(`waiting for the delivery (sync: up to ${SYNC_TRIGGER_LIMITS.attempts} attempts of ${SYNC_TRIGGER_LIMITS.attemptTimeoutSeconds} s)… 0 s`)
    expect(lines).toContain(`waiting for the delivery (sync: up to 3 attempts of 30 s) — attempt 2 of 3; attempt 1: 503 Service Unavailable… 0 s`)
    expect(result.stderr.endsWith(CLEAR)).toBe(true)
    // It looked in the config's log for events since the trigger was sent.
    const search = api.requests.find((request) => request.path === '/v2/webhooks/configs/cfg/events')
    expect(JSON.parse(search?.body ?? '{}')).toMatchObject({ timestamp: { from: expect.any(String) } })
  })

  it('shows no attempt number when the log cannot say which event is the trigger’s (two in progress) or has no attempts field', async () => {
    for (const events of [
      [
        { event_id: 'a', status: 'in_progress', attempts: 0 },
        { event_id: 'b', status: 'in_progress', attempts: 1 },
      ],
      [{ event_id: 'a', status: 'in_progress' }],
    ]) {
      const release = gate()
      holdTrigger(events, release.promise)
      let searches = 0
      const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url], {
        env: env(),
        stderrTTY: true,
        progressIntervalMs: 10,
        onStderr: () => {
          searches = api.requests.filter((request) => request.path.endsWith('/events')).length
          if (searches >= 3) release.open()
        },
      })
      expect(result.code).toBe(0)
      expect(result.stderr).toContain('waiting for the delivery')
      expect(result.stderr).not.toContain('attempt ')
    }
  })

  it('stays silent with --json, when stderr is not a terminal, and for async triggers', async () => {
    for (const [args, stderrTTY] of [
      [['-p', 'sync=true', '--json'], true],
      [['-p', 'sync=true'], false],
      [[], true],
    ] as const) {
      api.reply({ body: { event_id: 'evt-10', status: 'succeeded' } })
      const result = await cli(['webhooks', 'triggerWebhook', 'cfg', ...args, '-d', metadata, '-s', api.url], { env: env(), stderrTTY, progressIntervalMs: 10 })
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(api.requests.filter((request) => request.path.endsWith('/events'))).toHaveLength(0)
    }
  })

  it('states the same limits the engine applies by default', () => {
    const defaults = resolveOptions({})
    expect(SYNC_TRIGGER_LIMITS).toEqual({ attempts: defaults.syncRetries + 1, attemptTimeoutSeconds: defaults.syncTimeoutMs / 1000 })
  })
})

describe('triggerWebhook -p sync=true against epilot webhooks serve', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>
  beforeAll(async () => {
    dir = await tempDir()
  })
  afterAll(() => dir.remove())

  it('follows the real attempts of the delivery on the progress line, then exits 1 when the last one fails', async () => {
    const engine = await serveEngine(dir.path)
    const second = gate()
    // 503, then (held until the line shows attempt 2) 500, then 500: three failed attempts.
    const receiver = await startReceiver(async (n) => {
      if (n === 2) await second.promise
      return n === 1 ? 503 : 500
    })
    try {
      const config = { name: 'p', eventName: 'customer_request_created', url: receiver.url, httpMethod: 'POST', enabled: true }
      const id = JSON.parse((await cli(['webhooks', 'createConfig', '--json', '-d', JSON.stringify(config)], { env: engine.env })).stdout).id as string
      const result = await cli(['webhooks', 'triggerWebhook', id, '-p', 'sync=true', '-d', metadata], {
        env: engine.env,
        stderrTTY: true,
        progressIntervalMs: 20,
        onStderr: (text) => {
          if (text.includes('attempt 2 of 3; attempt 1: 503')) second.open()
        },
      })
      expect(result.code).toBe(1)
      expect(receiver.count()).toBe(3)
      expect(result.stderr).toMatch(/\r\u001b\[2KError: the delivery of event \S+ failed: 500 Internal Server Error\n$/)
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', status_code: '500' })
    } finally {
      second.open()
      await receiver.close()
      await engine.stop()
    }
  })
})

describe('replays say what was queued', () => {
  it('replayEvent: 204 with no body', async () => {
    api.reply({ status: 204 })
    expect(await cli(['webhooks', 'replayEvent', 'cfg', 'evt-1', '-s', api.url], { env: env() })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Replay of event evt-1 queued (HTTP 204)\n',
    })
  })

  it('replayEvent: 202 with a Location naming the new event', async () => {
    api.reply({ status: 202, headers: { location: '/v1/webhooks/configs/cfg/events/evt-new' } })
    const result = await cli(['webhooks', 'replayEvent', 'cfg', 'evt-1', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stderr: 'Replay of event evt-1 queued as event evt-new (HTTP 202)\n' })
  })

  it('batchReplayEvents: 202 { replayed_event_ids } is printed, and summed up on stderr', async () => {
    api.reply({ status: 202, body: { replayed_event_ids: ['a', 'b'] } })
    const result = await cli(['webhooks', 'batchReplayEvents', 'cfg', '-d', '{"eventIds":["a","b"]}', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stderr: 'Queued replays of 2 events: a, b (HTTP 202)\n' })
    expect(JSON.parse(result.stdout)).toEqual({ replayed_event_ids: ['a', 'b'] })
  })

  it('batchReplayEvents: 202 with no body counts the ids it asked for', async () => {
    api.reply({ status: 202 })
    const result = await cli(['webhooks', 'batchReplayEvents', 'cfg', '-d', '{"eventIds":["a"]}', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Queued replays of 1 event (HTTP 202)\n' })
  })

  it('adds nothing with --json', async () => {
    api.reply({ status: 204 })
    expect(await cli(['webhooks', 'replayEvent', 'cfg', 'evt-1', '--json', '-s', api.url], { env: env() })).toMatchObject({ code: 0, stdout: '', stderr: '' })
  })
})
