import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cli, startFakeApi, useFakeApiAndConfigDir } from './helpers'

const petsSpec = fileURLToPath(new URL('./fixtures/pets.json', import.meta.url))
const { api, env } = useFakeApiAndConfigDir({ body: [{ id: 1, name: 'Rex' }] })

describe('--definition', () => {
  it('adds the operations of another spec as a service', async () => {
    const result = await cli(['pets', '--definition', petsSpec], { env: env() })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/listPets.*List all pets/)
    expect(result.stdout).toMatch(/createPet.*Create a pet/)
    expect(result.stdout).toMatch(/showPetById \[options\] \[petId\]/)
  })

  it('calls an operation of the loaded spec with its parameters', async () => {
    const result = await cli(['pets', 'listPets', '-p', 'limit=2', '-t', 'tok', '--json', '--definition', petsSpec, '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: '[{"id":1,"name":"Rex"}]\n' })
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/pets', query: { limit: '2' } })
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer tok')
  })

  it('resolves $ref path parameters and takes them positionally', async () => {
    await cli(['--definition', petsSpec, 'pets', 'showPetById', 'p 7', '-s', api.url], { env: env() })
    expect(api.requests.at(-1)?.path).toBe('/pets/p%207')
  })

  it('checks parameters against the loaded spec', async () => {
    const result = await cli(['pets', 'listPets', '-p', 'limit=two', '--definition', petsSpec, '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('query parameter limit must be an integer, got "two"')
  })

  it("uses the spec's server over EPILOT_SERVER and the profile, but not over -s", async () => {
    const spec = JSON.parse(await readFile(petsSpec, 'utf8')) as { servers: Array<{ url: string }> }
    spec.servers = [{ url: `${api.url}/from-spec` }]
    const specHost = await startFakeApi()
    specHost.reply({ body: spec })
    const specUrl = `${specHost.url}/pets.json`
    try {
      await cli(['pets', 'listPets', '--definition', specUrl], { env: { ...env(), EPILOT_SERVER: 'http://127.0.0.1:9' } })
      expect(api.requests.at(-1)?.path).toBe('/from-spec/pets')
      await cli(['pets', 'listPets', '--definition', specUrl, '-s', `${api.url}/flag`], { env: env() })
      expect(api.requests.at(-1)?.path).toBe('/flag/pets')
    } finally {
      await specHost.close()
    }
  })

  it('keeps the generated services next to the loaded one', async () => {
    const result = await cli(['--definition', petsSpec, '--help'], { env: env() })
    expect(result.stdout).toMatch(/webhooks\s+Webhooks/)
    expect(result.stdout).toMatch(/pets\s+Pets/)
  })

  it('reports a definition file that cannot be read or is not a spec', async () => {
    const missing = await cli(['pets', '--definition', '/nonexistent/pets.json'], { env: env() })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('could not read --definition /nonexistent/pets.json: ENOENT')
    const notJson = await cli(['pets', '--definition', fileURLToPath(import.meta.url)], { env: env() })
    expect(notJson.code).toBe(2)
    expect(notJson.stderr).toContain('is not JSON')
  })
})
