import { expect, type Download, type Page } from '@playwright/test'

/**
 * First use of a workspace: no key is open, so the identity panel offers one; the auditor `name` creates
 * theirs ("Create and register"). Resolves with the key file's download once the chip says "Signing as
 * NAME". `beforeCreate` runs with the name filled in, before the button (for a screenshot of the form).
 */
export async function createKeyInPanel(
  page: Page,
  name: string,
  beforeCreate?: () => Promise<unknown>
): Promise<Download> {
  const create = page
    .getByRole('region', { name: 'Auditor identity' })
    .getByRole('form', { name: 'Create a key' })
  await create.getByLabel('Your name').fill(name)
  await beforeCreate?.()
  const download = page.waitForEvent('download')
  await create.getByRole('button', { name: 'Create and register' }).click()
  const key = await download
  await expect(page.getByTestId('identity-chip')).toHaveText(`Signing as ${name}`)
  return key
}
