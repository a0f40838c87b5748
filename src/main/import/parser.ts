import type { ParsedFile } from './parse'

/** Parses one file's bytes into typed data, or throws InputError. */
export type FileParser = (name: string, bytes: Uint8Array) => Promise<ParsedFile>

/**
 * Parsing on the calling thread: the import worker's parser, and the workspace's when it has no worker.
 * The parsers (and the libraries they need) load with the first file.
 */
export const inlineParser: FileParser = async (name, bytes) =>
  (await import('./parse')).parseFile(name, bytes)
