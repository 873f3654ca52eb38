/**
 * Receiver bench: the verify path of each signature version against a by-hand `node:crypto` verify that does
 * the same work, measured in the same run, plus the min+gzip size of a browser consumer of the receiver entry.
 * - v1 (HMAC): `verifier.verifySync` / `await verifier.verify` vs by hand: read the three headers, check the
 *   timestamp window, HMAC-SHA256 over `id.ts.body` with the decoded secret, base64-decode the signature,
 *   constant-time compare, `JSON.parse`. Goal ≥ 0.9×.
 * - v1a (Ed25519): the same by-hand steps with a pre-built `KeyObject` and `crypto.verify`. Goal ≥ 0.95×.
 * - Beside them, for orientation: the `standardwebhooks` package, WebCrypto and @noble/ed25519 paths.
 * - `import { verifyWebhook } from './src/webhooks/receiver'` bundled for the browser: goal ≤ 10 KB gz.
 * Rounds are interleaved (floor and figure back to back, alternating which goes first) and each ratio is the
 * median of the per-round ratios, so load from other processes on the shared machine hits both alike.
 * Run: `npx tsx bench/receiver.ts` (part of `npm run bench`).
 */
import { createHmac, createPublicKey, timingSafeEqual, verify as nodeVerify } from 'node:crypto'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { Webhook } from 'standardwebhooks'
import { createVerifier } from '../src/webhooks/receiver/node'
import { createVerifierWith } from '../src/webhooks/receiver/verifier'
import { createSigner, generateSigningKeyPair } from '../src/webhooks/signature'
import { nobleBackend } from '../src/webhooks/signature/noble'
import { webCryptoBackend } from '../src/webhooks/signature/web-crypto'

/** One line of the bench table. */
export interface ReceiverBenchRow {
  name: string
  value: number
  unit: string
  /** What the figure is compared with, measured in the same run. */
  floor?: string
  floorValue?: number
  /** figure / floor (speed), or size / budget. */
  ratio?: number
  goal?: string
}

const MESSAGES = 64
const TOLERANCE_MS = 300_000
const pair = generateSigningKeyPair()
const secretBytes = Buffer.from('bench-secret-0123456789abcdefghij')
const secret = `whsec_${secretBytes.toString('base64')}`
const signer = createSigner({ privateKey: pair.privateKey, secret })

type Headers = Record<string, string>

function makeMessages() {
  const timestamp = Math.floor(Date.now() / 1000)
  return Array.from({ length: MESSAGES }, (_, i) => {
    // ≈ 0.5 KB JSON bodies, like a typical entity event.
    const body = JSON.stringify({ event: 'entity.updated', id: `e${i}`, entity: { _id: `e${i}`, title: `Entity ${i}`, notes: 'x'.repeat(380) } })
    const headers = signer.sign({ id: `msg_${i}`, timestamp, body })
    const [v1a, v1] = headers['webhook-signature'].split(' ') as [string, string]
    return { body, ed: { ...headers, 'webhook-signature': v1a } as Headers, hmac: { ...headers, 'webhook-signature': v1 } as Headers }
  })
}

/** The by-hand steps before the signature check: headers, timestamp window, the signature entry decoded. */
function readByHand(headers: Headers, version: string) {
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signature = headers['webhook-signature']
  if (!id || !timestamp || !signature) throw new Error('missing header')
  const ts = Number(timestamp)
  if (!Number.isInteger(ts) || Math.abs(Date.now() - ts * 1000) > TOLERANCE_MS) throw new Error('timestamp outside the window')
  const comma = signature.indexOf(',')
  if (signature.slice(0, comma) !== version) throw new Error('wrong version')
  return { prefix: `${id}.${timestamp}.`, signature: Buffer.from(signature.slice(comma + 1), 'base64') }
}

/** By hand, v1: HMAC with the decoded secret, constant-time compare, JSON.parse. */
function hmacByHand(body: string, headers: Headers): unknown {
  const { prefix, signature } = readByHand(headers, 'v1')
  const expected = createHmac('sha256', secretBytes).update(prefix).update(body).digest()
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new Error('no match')
  return JSON.parse(body)
}

const publicKeyObject = createPublicKey(pair.publicKeyPem)

/** By hand, v1a: Ed25519 verify with a pre-built KeyObject, JSON.parse. */
function ed25519ByHand(body: string, headers: Headers): unknown {
  const { prefix, signature } = readByHand(headers, 'v1a')
  if (!nodeVerify(null, Buffer.from(prefix + body), publicKeyObject, signature)) throw new Error('no match')
  return JSON.parse(body)
}

async function opsPerSecAsync(fn: (i: number) => Promise<unknown>, ms: number): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i)
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let k = 0; k < 50; k++, n++) await fn(n)
    elapsed = performance.now() - start
  }
  return (n / elapsed) * 1000
}

/**
 * Runs `floor` and `figure` in alternating rounds of `block` calls until `ms` has passed, timing each round.
 * Returns both rates and the median over rounds of figure-rate / floor-rate.
 */
async function interleaved(
  floor: (i: number) => unknown,
  figure: (i: number) => unknown,
  ms: number,
  block = 32,
): Promise<{ floor: number; figure: number; ratio: number }> {
  for (let i = 0; i < 200; i++) {
    await floor(i)
    await figure(i)
  }
  let timeFloor = 0
  let timeFigure = 0
  let n = 0
  const ratios: number[] = []
  const start = performance.now()
  while (performance.now() - start < ms) {
    // Alternate which side goes first, so neither always runs right after the other's garbage.
    const order = ratios.length % 2 === 0 ? [floor, figure] : [figure, floor]
    let tFloor = 0
    let tFigure = 0
    for (const side of order) {
      const t = performance.now()
      for (let k = 0; k < block; k++) await side(n + k)
      if (side === floor) tFloor = performance.now() - t
      else tFigure = performance.now() - t
    }
    timeFloor += tFloor
    timeFigure += tFigure
    ratios.push(tFloor / tFigure)
    n += block
  }
  ratios.sort((x, y) => x - y)
  return { floor: (n / timeFloor) * 1000, figure: (n / timeFigure) * 1000, ratio: ratios[Math.floor(ratios.length / 2)] ?? 0 }
}

/** Min+gzip size of a browser bundle of a consumer that imports `verifyWebhook`. */
export async function receiverBundleSize(): Promise<{ min: number; gzip: number }> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const result = await build({
    stdin: { contents: "export { verifyWebhook } from './src/webhooks/receiver'", resolveDir: root, sourcefile: 'consumer.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const round2 = (value: number) => Math.round(value * 100) / 100

export async function main(options: { ms?: number } = {}): Promise<ReceiverBenchRow[]> {
  const ms = options.ms ?? 1500
  const messages = makeMessages()
  const at = (i: number) => messages[i % MESSAGES]!

  const hmac = createVerifier({ secret })
  const ed = createVerifier({ publicKey: pair.publicKeyPem })
  const webcrypto = createVerifierWith(webCryptoBackend, { publicKey: pair.publicKeyPem })
  const noble = createVerifierWith(nobleBackend, { publicKey: pair.publicKeyPem })
  const standard = new Webhook(secret)
  for (const m of messages.slice(0, 4)) {
    // The floors must accept what the verifiers accept, or the comparison is meaningless.
    hmacByHand(m.body, m.hmac)
    ed25519ByHand(m.body, m.ed)
    hmac.verifySync({ body: m.body, headers: m.hmac })
    ed.verifySync({ body: m.body, headers: m.ed })
  }

  const hmacFloor = (i: number) => hmacByHand(at(i).body, at(i).hmac)
  const edFloor = (i: number) => ed25519ByHand(at(i).body, at(i).ed)
  const v1Sync = await interleaved(hmacFloor, (i) => hmac.verifySync({ body: at(i).body, headers: at(i).hmac }), ms)
  const v1Async = await interleaved(hmacFloor, (i) => hmac.verify({ body: at(i).body, headers: at(i).hmac }), ms)
  const v1aSync = await interleaved(edFloor, (i) => ed.verifySync({ body: at(i).body, headers: at(i).ed }), ms)
  const v1aAsync = await interleaved(edFloor, (i) => ed.verify({ body: at(i).body, headers: at(i).ed }), ms)
  const standardRun = await interleaved(hmacFloor, (i) => standard.verify(at(i).body, at(i).hmac), ms)
  const edRate = (v1aSync.floor + v1aAsync.floor) / 2
  const webRate = await opsPerSecAsync((i) => webcrypto.verify({ body: at(i).body, headers: at(i).ed }), ms / 2)
  const nobleRate = await opsPerSecAsync((i) => noble.verify({ body: at(i).body, headers: at(i).ed }), Math.max(ms / 2, 300))
  const size = await receiverBundleSize()

  const byHandV1 = 'by-hand node:crypto v1 verify'
  const byHandV1a = 'by-hand node:crypto v1a verify (KeyObject)'
  const rows: ReceiverBenchRow[] = [
    { name: 'v1 HMAC: verifier.verifySync', value: v1Sync.figure, unit: 'ops/s', floor: byHandV1, floorValue: v1Sync.floor, ratio: round2(v1Sync.ratio), goal: '≥ 0.9×' },
    { name: 'v1 HMAC: await verifier.verify', value: v1Async.figure, unit: 'ops/s', floor: byHandV1, floorValue: v1Async.floor, ratio: round2(v1Async.ratio), goal: '≥ 0.9×' },
    { name: 'v1a Ed25519: verifier.verifySync', value: v1aSync.figure, unit: 'ops/s', floor: byHandV1a, floorValue: v1aSync.floor, ratio: round2(v1aSync.ratio), goal: '≥ 0.95×' },
    { name: 'v1a Ed25519: await verifier.verify', value: v1aAsync.figure, unit: 'ops/s', floor: byHandV1a, floorValue: v1aAsync.floor, ratio: round2(v1aAsync.ratio), goal: '≥ 0.95×' },
    { name: 'standardwebhooks v1 verify (orientation)', value: standardRun.figure, unit: 'ops/s', floor: byHandV1, floorValue: standardRun.floor, ratio: round2(standardRun.ratio) },
    { name: 'v1a WebCrypto: await verify, one by one', value: webRate, unit: 'ops/s', floor: byHandV1a, floorValue: edRate, ratio: round2(webRate / edRate) },
    { name: 'v1a noble (fallback): await verify', value: nobleRate, unit: 'ops/s', floor: byHandV1a, floorValue: edRate, ratio: round2(nobleRate / edRate) },
    { name: 'receiver entry, browser bundle, min+gzip', value: size.gzip, unit: 'bytes', floor: 'budget', floorValue: 10 * 1024, ratio: round2(size.gzip / (10 * 1024)), goal: '≤ 1 (10 KB)' },
  ]
  const format = (value: number, unit: string) => `${Math.round(value).toLocaleString('en-US')} ${unit}`
  console.log('\nReceiver (figure / floor = ratio (goal); floors measured in the same run, interleaved)')
  for (const row of rows) {
    const floor = row.floorValue === undefined ? '' : ` / ${format(row.floorValue, row.unit)} ${row.floor}`
    const ratio = row.ratio === undefined ? '' : ` = ${row.ratio}×${row.goal ? ` (${row.goal})` : ''}`
    console.log(`  ${row.name.padEnd(44)} ${format(row.value, row.unit)}${floor}${ratio}`)
  }
  return rows
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
