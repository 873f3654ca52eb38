import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { runCli } from '../../src/cli/run'

/** One request the fake API received. */
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: string
}

/** A canned answer. */
export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** JSON-encoded unless it is a string. */
  body?: unknown
}

/** A loopback API that records every request and answers with the reply the test chose (default 200 `{"ok":true}`). */
export interface FakeApi {
  url: string
  requests: RecordedRequest[]
  /** Sets how the next requests are answered (a function may take its time: it may return a promise). */
  reply(reply: Reply | ((request: RecordedRequest) => Reply | Promise<Reply>)): void
  close(): Promise<void>
}

export async function startFakeApi(): Promise<FakeApi> {
  const requests: RecordedRequest[] = []
  let answer: (request: RecordedRequest) => Reply | Promise<Reply> = () => ({ body: { ok: true } })
  const send = (res: ServerResponse, reply: Reply): void => {
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    res.writeHead(reply.status ?? 200, {
      ...(reply.body !== undefined && typeof reply.body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    })
    res.end(text)
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      void Promise.resolve(answer(recorded)).then((reply) => send(res, reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(reply) {
      answer = typeof reply === 'function' ? reply : () => reply
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>
  /** Piped stdin text; omitted means an empty pipe. */
  stdin?: string | Readable
  /** Pretend stdin / stdout / stderr are terminals. */
  stdinTTY?: boolean
  stdoutTTY?: boolean
  stderrTTY?: boolean
  signal?: AbortSignal
  /** How often progress lines refresh (ms). */
  progressIntervalMs?: number
  /** Called with stderr's text so far each time it grows. */
  onStderr?: (text: string) => void
}

function collector(isTTY: boolean): PassThrough & { isTTY?: boolean; text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; text(): string }
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  stream.isTTY = isTTY
  stream.text = () => text
  return stream
}

/** Runs the CLI in-process with fake streams and only the environment given (plus the config dir). */
export async function cli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const stdin = (options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [options.stdin])) as Readable & {
    isTTY?: boolean
  }
  stdin.isTTY = options.stdinTTY ?? false
  const stdout = collector(options.stdoutTTY ?? false)
  const stderr = collector(options.stderrTTY ?? false)
  if (options.onStderr) stderr.on('data', () => options.onStderr?.(stderr.text()))
  const code = await runCli({
    args,
    env: options.env ?? {},
    stdin,
    stdout,
    stderr,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
  })
  await new Promise((resolve) => setImmediate(resolve))
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

/** A temporary directory and its cleanup. */
export interface TempDir {
  path: string
  remove(): Promise<void>
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'epilot-cli-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/** What {@link useFakeApiAndConfigDir} gives a test file. */
export interface CliTestSetup {
  api: FakeApi
  /** The config directory (`EPILOT_CONFIG_DIR`) shared by the file's tests. */
  dir: TempDir
  /** An environment holding only the config directory. */
  env(): Record<string, string>
}

/**
 * For one test file: a fake API and a config directory, started before its tests and removed after them;
 * before each test the recorded requests are cleared and the reply is reset to `defaultReply`.
 * Call it at the top level of the file; use what it returns inside tests.
 */
export function useFakeApiAndConfigDir(defaultReply: Reply = { body: { ok: true } }): CliTestSetup {
  let started: { api: FakeApi; dir: TempDir } | undefined
  const current = () => {
    if (!started) throw new Error('the fake API and config dir start in beforeAll: use them inside tests')
    return started
  }
  beforeAll(async () => {
    started = { api: await startFakeApi(), dir: await tempDir() }
  })
  afterAll(async () => {
    await started?.api.close()
    await started?.dir.remove()
  })
  beforeEach(() => {
    current().api.requests.length = 0
    current().api.reply(defaultReply)
  })
  return {
    api: {
      get url() {
        return current().api.url
      },
      get requests() {
        return current().api.requests
      },
      reply: (reply) => current().api.reply(reply),
      close: () => current().api.close(),
    },
    dir: {
      get path() {
        return current().dir.path
      },
      remove: () => current().dir.remove(),
    },
    env: () => ({ EPILOT_CONFIG_DIR: current().dir.path }),
  }
}

/** A long-running CLI command (listen, serve) in-process, stopped through its abort signal. */
export function start(args: string[], env: Record<string, string> = {}) {
  const controller = new AbortController()
  const stdout = Object.assign(new PassThrough(), { isTTY: false })
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  const notify = () => waiters.splice(0).forEach((wake) => wake())
  stdout.on('data', (chunk: Buffer) => ((out += chunk.toString()), notify()))
  stderr.on('data', (chunk: Buffer) => ((err += chunk.toString()), notify()))
  const exit = runCli({ args, env, stdin: Object.assign(Readable.from([]), { isTTY: false }), stdout, stderr, signal: controller.signal })
  return {
    get stdout() {
      return out
    },
    get stderr() {
      return err
    },
    /** Resolves with the first match of the pattern in stdout + stderr, as soon as it is printed. */
    async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const match = `${out}${err}`.match(pattern)
        if (match) return match
        const finished = await Promise.race([new Promise<false>((wake) => waiters.push(() => wake(false))), exit.then(() => true)])
        if (finished && !`${out}${err}`.match(pattern)) throw new Error(`exited before printing ${pattern}: ${out}${err}`)
      }
    },
    async stop(): Promise<number> {
      controller.abort()
      return exit
    },
  }
}

/** `epilot webhooks serve` running in-process, and the environment that points the CLI at it. */
export interface ServedEngine {
  url: string
  token: string
  env: Record<string, string>
  /** Everything serve printed (stdout and stderr). */
  output(): string
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  stop(): Promise<number>
}

/** Starts `epilot webhooks serve --json` (plus `extraArgs`) in-process; `configDir` becomes EPILOT_CONFIG_DIR of `env`. */
export async function serveEngine(configDir: string, extraArgs: string[] = []): Promise<ServedEngine> {
  const server = start(['webhooks', 'serve', '--json', ...extraArgs])
  const { url, token } = JSON.parse((await server.waitFor(/\{"url".*\}/))[0]) as { url: string; token: string }
  return {
    url,
    token,
    env: { EPILOT_SERVER: url, EPILOT_TOKEN: token, EPILOT_CONFIG_DIR: configDir },
    output: () => `${server.stdout}${server.stderr}`,
    waitFor: (pattern) => server.waitFor(pattern),
    stop: () => server.stop(),
  }
}

/** A loopback webhook receiver answering each delivery with `answer(n)` (n counts from 1), which may take its time. */
export async function startReceiver(answer: (n: number) => number | Promise<number> = () => 204): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      void Promise.resolve(answer(++n)).then((status) => {
        res.statusCode = status
        res.end()
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
