// Types of scripts/after-pack.mjs (the part of electron-builder's AfterPackContext it reads), for its tests.
export interface AfterPackContextLike {
  readonly appOutDir: string
  readonly electronPlatformName: string
  readonly packager: {
    readonly executableName: string
    readonly appInfo: { readonly productFilename: string }
  }
}
export declare function fuseTarget(context: AfterPackContextLike): string
export default function afterPack(context: AfterPackContextLike): Promise<void>
