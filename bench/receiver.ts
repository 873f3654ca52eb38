/**
 * Receiver bench: verification throughput of each crypto path against baselines measured in the same run,
 * and the min+gzip size of a browser consumer of the receiver entry.
 * - Ed25519 native path (createVerifier on node:crypto) vs a bare node:crypto verify loop: target ≥ 0.9×.
 * - WebCrypto and @noble/ed25519 paths beside it (ratio to the same bare loop).
 * - HMAC v1 vs the `standardwebhooks` package's verify: ratio.
 * - `import { verifyWebhook } from './src/webhooks/receiver'` bundled for the browser: target ≤ 10 KB.
 * Run: `npx tsx bench/receiver.ts`.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
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
  /** The figure it is compared with, measured in the same run. */
  baseline?: number
  /** Speed relative to the baseline (median over interleaved block pairs), or size / target. */
  ratio?: number
  target?: string
}

const MESSAGES = 64
const pair = generateSigningKeyPair()
const secret = `whsec_${Buffer.from('bench-secret-0123456789abcdefghij').toString('base64')}`
const signer = createSigner({ privateKey: pair.privateKey, secret })

function makeMessages() {
  const timestamp = Math.floor(Date.now() / 1000)
  return Array.from({ length: MESSAGES }, (_, i) => {
    // ≈ 0.5 KB JSON bodies, like a typical entity event.
    const body = JSON.stringify({ event: 'entity.updated', id: `e${i}`, entity: { _id: `e${i}`, title: `Entity ${i}`, notes: 'x'.repeat(380) } })
    const headers = signer.sign({ id: `msg_${i}`, timestamp, body })
    const [v1a, v1] = headers['webhook-signature'].split(' ') as [string, string]
    return { body, timestamp, id: `msg_${i}`, ed: { ...headers, 'webhook-signature': v1a }, hmac: { ...headers, 'webhook-signature': v1 } }
  })
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
 * Runs `a` and `b` in alternating blocks of `block` calls until `ms` has passed, timing each block. The
 * machine is shared, so whole-run figures drift with other load; the ratio is the median over block pairs,
 * each pair measured back to back under the same load.
 */
async function interleaved(
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  ms: number,
  block = 16,
): Promise<{ a: number; b: number; ratio: number }> {
  for (let i = 0; i < 100; i++) {
    await a(i)
    await b(i)
  }
  let timeA = 0
  let timeB = 0
  let n = 0
  const ratios: number[] = []
  const start = performance.now()
  while (performance.now() - start < ms) {
    // Alternate which side goes first, so neither always runs right after the other's garbage.
    const first = ratios.length % 2 === 0
    let ta = 0
    let tb = 0
    for (const side of first ? [a, b] : [b, a]) {
      const t = performance.now()
      for (let k = 0; k < block; k++) await side(n + k)
      if (side === a) ta = performance.now() - t
      else tb = performance.now() - t
    }
    timeA += ta
    timeB += tb
    ratios.push(ta / tb)
    n += block
  }
  ratios.sort((x, y) => x - y)
  return { a: (n / timeA) * 1000, b: (n / timeB) * 1000, ratio: ratios[Math.floor(ratios.length / 2)] ?? 0 }
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

export async function main(options: { ms?: number } = {}): Promise<ReceiverBenchRow[]> {
  const ms = options.ms ?? 1000
  const messages = makeMessages()
  const at = (i: number) => messages[i % MESSAGES]!

  // Baseline: bare node:crypto over the exact signed bytes, cached KeyObject, signatures pre-decoded.
  const key = createPublicKey(pair.publicKeyPem)
  const bare = messages.map((m) => ({
    content: Buffer.from(`${m.id}.${m.timestamp}.${m.body}`),
    signature: Buffer.from(m.ed['webhook-signature'].slice(4), 'base64'),
  }))
  const bareLoop = (i: number) => {
    const m = bare[i % MESSAGES]!
    if (!nodeVerify(null, m.content, key, m.signature)) throw new Error('bare verify failed')
  }

  const native = createVerifier({ publicKey: pair.publicKeyPem })
  const webcrypto = createVerifierWith(webCryptoBackend, { publicKey: pair.publicKeyPem })
  const noble = createVerifierWith(nobleBackend, { publicKey: pair.publicKeyPem })
  const hmac = createVerifier({ secret })
  const standard = new Webhook(secret)

  // A sync function awaited costs the same on both sides of each pair, so the ratios stay fair.
  const sync = await interleaved(bareLoop, (i) => native.verifySync({ body: at(i).body, headers: at(i).ed }), ms)
  const viaAsync = await interleaved(bareLoop, (i) => native.verify({ body: at(i).body, headers: at(i).ed }), ms)
  const bareRate = (sync.a + viaAsync.a) / 2
  const webRate = await opsPerSecAsync((i) => webcrypto.verify({ body: at(i).body, headers: at(i).ed }), ms)
  const webParallel = await (async () => {
    const batch = 256
    const start = performance.now()
    let n = 0
    while (performance.now() - start < ms) {
      await Promise.all(Array.from({ length: batch }, (_, k) => webcrypto.verify({ body: at(n + k).body, headers: at(n + k).ed })))
      n += batch
    }
    return (n / (performance.now() - start)) * 1000
  })()
  const nobleRate = await opsPerSecAsync((i) => noble.verify({ body: at(i).body, headers: at(i).ed }), Math.max(ms, 300))

  const hmacSync = await interleaved((i) => standard.verify(at(i).body, at(i).hmac), (i) => hmac.verifySync({ body: at(i).body, headers: at(i).hmac }), ms)
  const hmacAsync = await interleaved((i) => standard.verify(at(i).body, at(i).hmac), (i) => hmac.verify({ body: at(i).body, headers: at(i).hmac }), ms)
  const standardRate = (hmacSync.a + hmacAsync.a) / 2
  const size = await receiverBundleSize()
  const round = (value: number) => Math.round(value * 100) / 100
  const ratio = (value: number, baseline: number) => round(value / baseline)

  const rows: ReceiverBenchRow[] = [
    { name: 'bare node:crypto Ed25519 verify (baseline)', value: bareRate, unit: 'ops/s' },
    { name: 'v1a native: verifier.verifySync', value: sync.b, unit: 'ops/s', baseline: sync.a, ratio: round(sync.ratio), target: '≥ 0.9×' },
    { name: 'v1a native: await verifier.verify', value: viaAsync.b, unit: 'ops/s', baseline: viaAsync.a, ratio: round(viaAsync.ratio), target: '≥ 0.9×' },
    { name: 'v1a WebCrypto: await verify, one by one', value: webRate, unit: 'ops/s', baseline: bareRate, ratio: ratio(webRate, bareRate) },
    { name: 'v1a WebCrypto: 256 verifies in parallel', value: webParallel, unit: 'ops/s', baseline: bareRate, ratio: ratio(webParallel, bareRate) },
    { name: 'v1a noble (fallback): await verify', value: nobleRate, unit: 'ops/s', baseline: bareRate, ratio: ratio(nobleRate, bareRate) },
    { name: 'standardwebhooks v1 verify (baseline)', value: standardRate, unit: 'ops/s' },
    { name: 'v1 HMAC native: verifier.verifySync', value: hmacSync.b, unit: 'ops/s', baseline: hmacSync.a, ratio: round(hmacSync.ratio) },
    { name: 'v1 HMAC native: await verifier.verify', value: hmacAsync.b, unit: 'ops/s', baseline: hmacAsync.a, ratio: round(hmacAsync.ratio) },
    { name: 'receiver entry, browser bundle, min', value: size.min, unit: 'bytes' },
    { name: 'receiver entry, browser bundle, min+gzip', value: size.gzip, unit: 'bytes', baseline: 10 * 1024, ratio: ratio(size.gzip, 10 * 1024), target: '≤ 10 KB' },
  ]
  console.table(
    rows.map((row) => ({
      name: row.name,
      value: `${Math.round(row.value).toLocaleString('en-US')} ${row.unit}`,
      ratio: row.ratio === undefined ? '' : `${row.ratio}×`,
      target: row.target ?? '',
    })),
  )
  return rows
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
