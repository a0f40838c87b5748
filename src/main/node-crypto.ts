/**
 * node:crypto, loaded when first used: loading it costs a CLI start about 7 ms, and a command that only
 * reads the workspace (case list) hashes and verifies nothing.
 */
export const nodeCrypto = () => process.getBuiltinModule('node:crypto')

/** The SHA-256 of some bytes, in lower-case hex: the name every stored file and document is known by. */
export const sha256Hex = (bytes: Uint8Array | string): string =>
  nodeCrypto().createHash('sha256').update(bytes).digest('hex')
