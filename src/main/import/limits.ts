/** The size cap every imported file is checked against before anything parses it. */
import { InputError } from '../../shared/format/input-error'
import { fileSizeProblem, MAX_FILE_BYTES } from '../../shared/ipc/upload'

export { MAX_FILE_BYTES }

export function checkSize(file: string, bytes: Uint8Array): void {
  const problem = fileSizeProblem(bytes.length)
  if (problem) throw new InputError(file, '(whole file)', problem)
}
