/**
 * The receiver the engine benchmarks deliver to: a keep-alive node:http server on 127.0.0.1 answering 200
 * `{"ok":true}`, in its own process so it shares neither the sender's event loop nor its libuv thread pool.
 */
import { spawn } from 'node:child_process'

const RECEIVER_SOURCE = `
const http = require('node:http')
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }); res.end('{"ok":true}') })
})
server.keepAliveTimeout = 60000
server.listen(0, '127.0.0.1', () => process.send(server.address().port))
process.on('disconnect', () => process.exit(0))
`

/** Starts the receiver; `url` is its `/hook` URL, `stop` ends the process. */
export async function startLoopbackReceiver(): Promise<{ url: string; stop: () => void }> {
  const env = { ...process.env }
  delete env.NODE_OPTIONS // plain node, without the TypeScript loader the bench runs under
  const child = spawn(process.execPath, ['-e', RECEIVER_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)))
    child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => void child.kill() }
}
