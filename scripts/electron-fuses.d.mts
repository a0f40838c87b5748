// Types of scripts/electron-fuses.mjs, for the tests that check it.
import type { FuseV1Config, FuseV1Options } from '@electron/fuses'

export declare const ELECTRON_FUSES: Readonly<FuseV1Config & Record<FuseV1Options, boolean>>
export declare const ASAR_INTEGRITY_PLATFORMS: readonly string[]
export declare function fusesFor(platform: string): FuseV1Config & Record<FuseV1Options, boolean>
export declare function expectedFuseStates(platform: string): Record<string, 'Enabled' | 'Disabled'>
export declare function parseFuseReadout(text: string): Record<string, string>
export declare function fuseDifferences(readout: string, platform: string): string[]
export declare function builderNames(root?: string): {
  productName: string
  executableName: string
  output: string
}
export declare function packagedApp(platform?: string, root?: string): { app: string; executable: string }
