/**
 * The Electron fuses of the shipped app (scripts/electron-fuses.mjs), the afterPack hook that flips them and
 * the release check that reads them back (scripts/check-fuses.mjs). There is no Electron binary here, so the
 * hook and the check run on a stand-in: a file holding Electron's fuse sentinel and a wire with Electron's
 * default states, which is all @electron/fuses reads and writes.
 */
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import {
  ELECTRON_FUSES,
  builderNames,
  expectedFuseStates,
  fuseDifferences,
  fusesFor,
  parseFuseReadout
} from '../../../scripts/electron-fuses.mjs'
import afterPack, { fuseTarget } from '../../../scripts/after-pack.mjs'
import { ROOT, tempDir } from '../../helpers/paths'

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ALL_FUSES = Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number')
/** Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, … */
const ELECTRON_DEFAULT_WIRE = '101100011'

/** a stand-in Electron executable: some bytes, the sentinel, version 1, the wire's length, the wire */
function fakeElectron(dir: string, name: string, wire = ELECTRON_DEFAULT_WIRE): string {
  const file = join(dir, name)
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('\x7fELF not really electron'),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.alloc(32)
    ])
  )
  return file
}

const checkFuses = (app: string, platform: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/check-fuses.mjs'), app, '--platform', platform], {
    encoding: 'utf8'
  })

const linuxContext = (appOutDir: string) => ({
  appOutDir,
  electronPlatformName: 'linux',
  packager: { executableName: 'auditor-workbench', appInfo: { productFilename: 'Auditor Workbench' } }
})

describe('the Electron fuses of the shipped app', () => {
  it('name every fuse that @electron/fuses knows, strictly', () => {
    expect(ELECTRON_FUSES.version).toBe(FuseVersion.V1)
    expect(ELECTRON_FUSES.strictlyRequireAllFuses).toBe(true)
    expect(ALL_FUSES.length).toBeGreaterThanOrEqual(9) // this version knows 9; an upgrade may add more
    expect(ELECTRON_DEFAULT_WIRE).toHaveLength(ALL_FUSES.length)
    for (const fuse of ALL_FUSES) expect(typeof ELECTRON_FUSES[fuse], FuseV1Options[fuse]).toBe('boolean')
  })

  it('set the security-relevant fuses as required', () => {
    expect({
      RunAsNode: ELECTRON_FUSES[FuseV1Options.RunAsNode],
      EnableNodeOptionsEnvironmentVariable:
        ELECTRON_FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      EnableNodeCliInspectArguments: ELECTRON_FUSES[FuseV1Options.EnableNodeCliInspectArguments],
      EnableCookieEncryption: ELECTRON_FUSES[FuseV1Options.EnableCookieEncryption],
      OnlyLoadAppFromAsar: ELECTRON_FUSES[FuseV1Options.OnlyLoadAppFromAsar],
      GrantFileProtocolExtraPrivileges: ELECTRON_FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]
    }).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false
    })
  })

  it('validate the embedded asar integrity where the platform supports it (macOS, Windows)', () => {
    const integrity = (p: string) => fusesFor(p)[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]
    expect(integrity('darwin')).toBe(true)
    expect(integrity('win32')).toBe(true)
    expect(integrity('linux')).toBe(false)
    for (const platform of ['darwin', 'win32', 'linux']) {
      const { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: _, ...rest } = fusesFor(platform)
      const { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: __, ...base } = ELECTRON_FUSES
      expect(rest).toMatchObject(base) // only that fuse differs between platforms
    }
    expect(fusesFor('darwin').resetAdHocDarwinSignature).toBe(true)
    expect(fusesFor('linux').resetAdHocDarwinSignature).toBe(false)
  })

  it('are flipped by the afterPack hook into the packaged executable, which the release check accepts', async () => {
    const dir = tempDir('aw-fuses-')
    const exe = fakeElectron(dir, 'auditor-workbench')
    await afterPack(linuxContext(dir))
    const wire = await getCurrentFuseWire(exe)
    const linux = fusesFor('linux')
    for (const fuse of ALL_FUSES)
      expect(wire[fuse], FuseV1Options[fuse]).toBe(linux[fuse] ? FuseState.ENABLE : FuseState.DISABLE)
    const check = checkFuses(exe, 'linux')
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
    expect(check.stdout).toMatch(/RunAsNode is .*Disabled/)
    // the same binary is not right for Windows, where the asar integrity must be validated
    const windows = checkFuses(exe, 'win32')
    expect(windows.status).toBe(1)
    expect(windows.stderr).toContain('EnableEmbeddedAsarIntegrityValidation is Disabled, expected Enabled')
  })

  it('the release check fails on a binary whose fuses were left at Electron defaults', () => {
    const exe = fakeElectron(tempDir('aw-fuses-'), 'auditor-workbench')
    const check = checkFuses(exe, 'linux')
    expect(check.status).toBe(1)
    for (const fuse of [
      'RunAsNode is Enabled, expected Disabled',
      'EnableNodeOptionsEnvironmentVariable is Enabled, expected Disabled',
      'EnableNodeCliInspectArguments is Enabled, expected Disabled',
      'EnableCookieEncryption is Disabled, expected Enabled',
      'OnlyLoadAppFromAsar is Disabled, expected Enabled',
      'GrantFileProtocolExtraPrivileges is Enabled, expected Disabled'
    ])
      expect(check.stderr).toContain(fuse)
  })

  it('the afterPack hook fails the build on an Electron with a fuse nobody decided on', async () => {
    const dir = tempDir('aw-fuses-')
    const exe = fakeElectron(dir, 'auditor-workbench', `${ELECTRON_DEFAULT_WIRE}1`)
    await expect(afterPack(linuxContext(dir))).rejects.toThrow(/strictlyRequireAllFuses/)
    // and the binary is left as it was
    expect(readFileSync(exe).includes(Buffer.from(`${ELECTRON_DEFAULT_WIRE}1`))).toBe(true)
  })

  it('the hook patches the file electron-builder packaged, per platform', () => {
    const packager = {
      executableName: 'auditor-workbench',
      appInfo: { productFilename: 'Auditor Workbench' }
    }
    const target = (electronPlatformName: string) =>
      fuseTarget({ appOutDir: '/o', electronPlatformName, packager })
    expect(target('linux')).toBe(join('/o', 'auditor-workbench'))
    expect(target('win32')).toBe(join('/o', 'Auditor Workbench.exe'))
    expect(target('darwin')).toBe(join('/o', 'Auditor Workbench.app'))
    // and those are the names electron-builder.yml gives
    expect(builderNames()).toMatchObject({
      productName: 'Auditor Workbench',
      executableName: 'auditor-workbench'
    })
  })

  it('reads `electron-fuses read` output with or without colours', () => {
    const plain = '  RunAsNode is Disabled\n  EnableCookieEncryption is Enabled\n'
    const coloured = '  \u001b[33mRunAsNode\u001b[39m is \u001b[31mDisabled\u001b[39m\n'
    expect(parseFuseReadout(plain)).toEqual({ RunAsNode: 'Disabled', EnableCookieEncryption: 'Enabled' })
    expect(parseFuseReadout(coloured)).toEqual({ RunAsNode: 'Disabled' })
    expect(fuseDifferences(plain, 'linux')).toContain('OnlyLoadAppFromAsar is missing, expected Enabled')
    expect(Object.keys(expectedFuseStates('linux'))).toHaveLength(ALL_FUSES.length)
  })
})
