/**
 * node:crypto, loaded when first used: loading it costs a CLI start about 7 ms, and a command that only
 * reads the workspace (case list) hashes and verifies nothing.
 */
export const nodeCrypto = () => process.getBuiltinModule('node:crypto')
