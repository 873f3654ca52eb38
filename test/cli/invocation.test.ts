import { describe, expect, it } from 'vitest'
import { invocationOf } from '../../src/cli/invocation'

const cwd = '/home/ann/project'

describe('the command hints print, from how the CLI was started', () => {
  it('npx epilot under npx or npm exec, and npx -p <package> epilot when npx fetched a package', () => {
    const npx = { npm_command: 'exec', npm_lifecycle_event: 'npx' }
    expect(invocationOf({ script: `${cwd}/node_modules/.bin/epilot`, env: npx, cwd })).toBe('npx epilot')
    expect(invocationOf({ script: '/root/.npm/_npx/e9/node_modules/.bin/epilot', env: { ...npx, npm_config_package: './epilot-sdk-0.1.0.tgz' }, cwd })).toBe(
      'npx -p ./epilot-sdk-0.1.0.tgz epilot',
    )
    expect(invocationOf({ script: undefined, env: { ...npx, npm_config_package: '/tmp/my dir/sdk.tgz' }, cwd })).toBe("npx -p '/tmp/my dir/sdk.tgz' epilot")
  })

  it('npx epilot for a project install run by its path, whose bin is not on the shell PATH', () => {
    expect(invocationOf({ script: `${cwd}/node_modules/.bin/epilot`, env: {}, cwd })).toBe('npx epilot')
    expect(invocationOf({ script: `${cwd}/node_modules/@epilot/sdk/dist/cli/main.js`, env: {}, cwd })).toBe('npx epilot')
  })

  it('epilot for a bin link outside a project (global install, npm link)', () => {
    expect(invocationOf({ script: '/usr/local/bin/epilot', env: {}, cwd })).toBe('epilot')
  })

  it('node <path> when node ran the script, relative to the working directory when it is below it', () => {
    expect(invocationOf({ script: `${cwd}/dist/cli/main.js`, env: {}, cwd })).toBe('node dist/cli/main.js')
    expect(invocationOf({ script: '/opt/sdk/dist/cli/main.js', env: {}, cwd })).toBe('node /opt/sdk/dist/cli/main.js')
    expect(invocationOf({ script: `${cwd}/src/cli/main.ts`, env: {}, cwd })).toBe('npx tsx src/cli/main.ts')
  })

  it('epilot when nothing is known', () => {
    expect(invocationOf({ script: undefined, env: {}, cwd })).toBe('epilot')
  })
})
