/** Runs `npm start`'s script and checks each step of the flow; it must end by itself. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)

it('accepts the call, runs the handler, forwards it signed to the CRM, and exits', async () => {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { timeout: 30_000 })
  expect(stderr).toBe('')
  expect(stdout).toMatch(/^inbound webhook iwh_\S+ for webhook\.lead\.created$/m)
  expect(stdout).toContain('handler got a POST from forms/1.0: {"name":"Ada Lovelace","email":"ada@example.com"}')
  expect(stdout).toContain('inbound call answered 202 { received: true }')
  expect(stdout).toContain('CRM received webhook.lead.created: {"name":"Ada Lovelace","email":"ada@example.com"}')
}, 60_000) // mostly tsx compiling the script on a busy machine
