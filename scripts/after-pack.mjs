// electron-builder afterPack hook (electron-builder.yml): flips the Electron fuses of the packaged app before
// it is signed and put into its installer. The fuses are those of scripts/electron-fuses.mjs, flipped by the
// project's own @electron/fuses with strictlyRequireAllFuses, so a fuse that nobody decided on fails the build.
// (electron-builder's packager.addElectronFuses would use the older @electron/fuses nested inside
// app-builder-lib, which does not know every fuse of this Electron.)
import { join } from 'node:path'
import { flipFuses } from '@electron/fuses'
import { fusesFor } from './electron-fuses.mjs'

/** the file @electron/fuses patches: the executable, or the .app bundle on macOS (as electron-builder names them) */
export function fuseTarget({ appOutDir, electronPlatformName, packager }) {
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return join(appOutDir, `${packager.appInfo.productFilename}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, packager.executableName)
}

export default async function afterPack(context) {
  const target = fuseTarget(context)
  const sentinels = await flipFuses(target, fusesFor(context.electronPlatformName))
  console.log(`  • flipped the Electron fuses  target=${target} copies=${sentinels}`)
}
