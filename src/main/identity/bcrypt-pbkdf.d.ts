/** The part of bcrypt-pbkdf's API used to open passphrase-protected OpenSSH keys (the package ships no types). */
declare module 'bcrypt-pbkdf' {
  export function pbkdf(
    pass: Uint8Array,
    passlen: number,
    salt: Uint8Array,
    saltlen: number,
    key: Uint8Array,
    keylen: number,
    rounds: number
  ): number
  const bcryptPbkdf: { pbkdf: typeof pbkdf }
  export default bcryptPbkdf
}
