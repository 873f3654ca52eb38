import { writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../../src/generated/webhooks/commands'
import { cli, serveEngine, start, startReceiver, tempDir, type ServedEngine, type TempDir } from './helpers'

/** Splits a command line as a POSIX shell would for the quoting help uses: words, and '…' with '\'' inside. */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const match of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : (match[2] as string))
  return words
}

/** The example command lines of a help text. */
function examplesOf(help: string): string[] {
  const section = help.slice(help.indexOf('\nExamples:\n') + '\nExamples:\n'.length)
  return section.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim())
}

let dir: TempDir
let engine: ServedEngine
let receiver: Awaited<ReturnType<typeof startReceiver>>
/** An OAuth token endpoint, for the config that testOAuth's examples test. */
let tokenServer: Server
let tokenUrl: string

beforeAll(async () => {
  dir = await tempDir()
  engine = await serveEngine(dir.path)
  receiver = await startReceiver()
  tokenServer = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","expires_in":60,"token_type":"Bearer"}'))
  })
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve))
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`
})
afterAll(async () => {
  await engine?.stop()
  await receiver?.close()
  await new Promise((resolve) => tokenServer?.close(resolve))
  await dir?.remove()
})

/** A config that delivers to the receiver, and one delivered event of it: what the placeholders of an example stand for. */
async function freshValues(): Promise<Record<string, string>> {
  // OAuth client credentials against a local token endpoint, so testOAuth's examples have something to test.
  const auth = { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientId: 'c', clientSecret: 's', endpoint: tokenUrl, httpMethod: 'POST' } }
  const config = { name: 'examples', eventName: 'customer_request_created', url: receiver.url, httpMethod: 'POST', enabled: true, auth }
  const created = await cli(['webhooks', 'createConfig', '--json', '-d', JSON.stringify(config)], { env: engine.env })
  const configId = JSON.parse(created.stdout).id as string
  const triggered = await cli(['webhooks', 'triggerWebhook', configId, '-p', 'sync=true', '--json', '-d', '{"metadata":{"organization_id":"1"}}'], { env: engine.env })
  const eventId = JSON.parse(triggered.stdout).event_id as string
  return { configId, eventId, orgId: '123' }
}

describe('the examples in every operation help', () => {
  for (const spec of commands.commands) {
    it(`work against epilot webhooks serve: ${spec.operationId}`, async () => {
      const help = (await cli(['webhooks', spec.operationId, '--help'])).stdout
      const examples = examplesOf(help)
      expect(examples.length).toBeGreaterThan(0)
      for (const example of examples) {
        const values = await freshValues()
        const words = shellWords(example).map((word) => word.replace(/<(\w+)>/g, (placeholder, name: string) => values[name] ?? placeholder))
        expect(words.slice(0, 2)).toEqual(['epilot', 'webhooks'])
        const args = words.slice(1)
        const guided = args.includes('--guided')
        const fileAt = args.indexOf('@body.json')
        if (fileAt >= 0) {
          // The file holds the example body the help shows, placeholders filled in the same way.
          const body = (help.match(/Example body:\n {2}(.*)\n/)?.[1] ?? '{}').replace(/<(\w+)>/g, (placeholder, name: string) => values[name] ?? placeholder)
          const file = join(dir.path, 'body.json')
          await writeFile(file, body)
          args[fileAt] = `@${file}`
        }
        if (guided) continue // prompts: covered by guided.test.ts
        const result = await cli(args, { env: engine.env })
        expect({ example, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 })
      }
    })
  }

  it('include the example body of createConfig, which the engine accepts as it is', async () => {
    const help = (await cli(['webhooks', 'createConfig', '--help'])).stdout
    const body = help.match(/Example body:\n {2}(.*)\n/)?.[1] as string
    const result = await cli(['webhooks', 'createConfig', '--json', '-d', body], { env: engine.env })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(result.stdout)).toMatchObject(JSON.parse(body))
  })
})

describe('the examples of epilot --help, serve --help and listen --help', () => {
  it('work: each epilot --help example exits 0 against serve', async () => {
    const values = { ...(await freshValues()), token: 'example-token-123' }
    const examples = examplesOf((await cli(['--help'])).stdout).map((line) => line.split(/\s{2,}/)[0] as string)
    expect(examples.length).toBeGreaterThan(3)
    for (const example of examples) {
      const words = shellWords(example).map((word) => word.replace(/<(\w+)>/g, (placeholder, name: string) => values[name as keyof typeof values] ?? placeholder))
      const result = await cli(words.slice(1), { env: engine.env })
      expect({ example, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 })
    }
  })

  it('work: the serve example calls the API with the printed URL and token', async () => {
    const example = examplesOf((await cli(['webhooks', 'serve', '--help'])).stdout.replace('\nExample:\n', '\nExamples:\n')).find((line) => line.startsWith('EPILOT_SERVER='))
    const words = shellWords(example as string)
    const env = Object.fromEntries(words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split(/=(.*)/s).slice(0, 2) as [string, string]))
    expect(Object.keys(env)).toEqual(['EPILOT_SERVER', 'EPILOT_TOKEN'])
    const args = words.filter((word) => !/^[A-Z_]+=/.test(word)).slice(1)
    const result = await cli(args, { env: { ...engine.env, EPILOT_SERVER: engine.url, EPILOT_TOKEN: engine.token } })
    expect(result).toMatchObject({ code: 0, stderr: '' })
  })

  it('work: the listen example starts a receiver with its secret', async () => {
    const help = (await cli(['webhooks', 'listen', '--help'])).stdout
    const example = help.match(/\n {2}(epilot webhooks listen .*)\n/)?.[1] as string
    const args = shellWords(example).slice(1).map((word, i, all) => (all[i - 1] === '--port' ? '0' : word))
    const listener = start(args)
    await listener.waitFor(/Listening on http:\/\/127\.0\.0\.1:\d+/)
    expect(await listener.stop()).toBe(0)
  })
})
