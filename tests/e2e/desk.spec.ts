/**
 * The review desk at 1280×720 (issue 12 §B): its work visible without scrolling, keys and queue on the same
 * row, messages in plain words where they belong, the place in the URL, and no serious accessibility violation.
 */
import { test, expect, type Page } from '@playwright/test'
import { expectAccessible } from './accessible'
import { join } from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { createKeyInPanel } from './identity-panel'

const INTEGRATOR = join(ROOT, 'tests/fixtures/cases/integrator')
const INCONSISTENT = join(ROOT, 'tests/fixtures/cases/inconsistent')
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex'
)

let app: RunningApp
test.use({ viewport: { width: 1280, height: 720 } })
test.beforeEach(async () => {
  app = await startApp()
})
test.afterEach(async () => app.stop())

async function createCase(page: Page, id: string, scheme: string, files: string[]): Promise<void> {
  await page.getByRole('button', { name: '+ New' }).click()
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill(id)
  await form.getByLabel('Scheme').selectOption(scheme)
  await form.getByRole('button', { name: 'Create case' }).click()
  await expect(page.getByTestId('case-title')).toContainText(id)
  await page.getByTestId('file-input').setInputFiles(files)
  await expect(page.getByTestId('import-summary')).toContainText(
    new RegExp(`of ${files.length} files? (stored|refused)`)
  )
}

/** The three columns lie inside the window, with room to read, and the page itself does not scroll. */
async function expectDeskFits(page: Page): Promise<void> {
  const detail = page.getByTestId('criterion-detail')
  for (const name of ['Claim', 'Check results', 'Findings']) {
    const box = (await detail.getByRole('region', { name }).boundingBox())!
    expect(box.y, `${name} starts inside the window`).toBeLessThan(440)
    expect(box.y + box.height, `${name} ends inside the window`).toBeLessThanOrEqual(720)
    expect(box.height, `${name} has room`).toBeGreaterThan(250)
    expect(box.x + box.width).toBeLessThanOrEqual(1280)
  }
  const list = (await page.getByTestId('criteria-list').boundingBox())!
  expect(list.y + list.height).toBeLessThanOrEqual(720)
  // one scroll area per column: nothing around the columns scrolls
  const scrolls = await page.evaluate(() =>
    [document.scrollingElement!, ...document.querySelectorAll('.content, .tab-body, .detail, .review')]
      .filter((el) => el.scrollHeight > el.clientHeight + 1)
      .map((el) => el.className || el.tagName)
  )
  expect(scrolls).toEqual([])
}

/** Dates and results in the check-results column are whole: one line each, nothing clipped. */
async function expectNothingCut(page: Page): Promise<void> {
  const broken = await page.getByTestId('criterion-detail').evaluate((root) => {
    const out: string[] = []
    for (const el of root.querySelectorAll<HTMLElement>('td.dates span, .badge')) {
      if (el.getClientRects().length > 1) out.push(`wrapped: ${el.textContent}`)
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
        out.push(`cut: ${el.textContent}`)
    }
    for (const td of root.querySelectorAll<HTMLElement>('td')) {
      if (td.scrollWidth > td.clientWidth + 1) out.push(`cell overflows: ${td.textContent}`)
      // and no cell reaches past the right edge of its column, where the column would clip it
      const col = td.closest<HTMLElement>('.col')!.getBoundingClientRect()
      if (td.getBoundingClientRect().right > col.right + 1)
        out.push(`clipped by its column: ${td.textContent}`)
    }
    return out
  })
  expect(broken).toEqual([])
}

test('demo case at 1280×720: the three columns are visible at once, whole, and every screen passes axe-core', async ({
  page
}) => {
  await page.goto(await app.openUrl())
  await expect(page.getByRole('region', { name: 'Auditor identity' })).toBeVisible()
  await expectAccessible(page, 'welcome with the identity panel')
  await createKeyInPanel(page, 'Ann Auditor')
  await expectAccessible(page, 'welcome')
  // opening the demo shows that work is in progress: hold its answer until the progress line is seen
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  await page.route('**/api/invoke/demo:open', async (route) => {
    await held
    await route.continue()
  })
  await page.getByRole('button', { name: 'Open demo case' }).click()
  await expect(page.getByTestId('busy')).toContainText('Opening the demo case')
  await expect(page.getByRole('button', { name: 'Opening the demo case…' })).toBeDisabled()
  release()
  await expect(page.getByTestId('case-title')).toContainText('Demo Cloud GmbH', { timeout: 30_000 })
  await expect(page.getByTestId('busy')).toHaveCount(0)

  await page.getByRole('option', { name: /scs-0123-v1/ }).click()
  await expectDeskFits(page)
  await expectNothingCut(page)
  // a log excerpt keeps its lines whole ("FAIL", not "FAI/L"): preformatted, scrolled sideways if long
  await page.getByRole('button', { name: 'Show the log: scs-0123-storage-apis' }).click()
  const log = page.getByLabel('Log of scs-0123-storage-apis')
  await expect(log).toBeVisible()
  expect(await log.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre')
  await expectDeskFits(page)
  await expectAccessible(page, 'review desk (demo)')

  // the import area is one line once the case has files
  const drop = (await page.getByTestId('dropzone').boundingBox())!
  expect(drop.height).toBeLessThan(50)

  // the ? dialog takes the focus, and Esc gives it back
  await page.getByTestId('criteria-list').focus()
  await page.keyboard.press('?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
  await expectAccessible(page, 'keys dialog')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('criteria-list')).toBeFocused()

  // the criteria list is reachable and walkable by keyboard: arrows move the row, and the queue with it
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('option', { selected: true })).toContainText('scs-0302-v1')
  await expect(page.getByTestId('queue-current')).toContainText('scs-0302-v1 · demo-cloud')

  // the decision form, its waiver date in the one date format
  await page.keyboard.press('w')
  const form = page.getByRole('form', { name: 'Decision' })
  await expect(form.getByLabel(/Waiver expires/)).toHaveAttribute('placeholder', 'YYYY-MM-DD')
  await expectAccessible(page, 'decision form')
  await page.keyboard.press('Escape')

  await page.getByRole('tab', { name: 'Evidence' }).click()
  const body = page.getByTestId('results-scroll')
  await body.focus()
  await expect(body).toBeFocused()
  await page.keyboard.press('PageDown')
  await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0)
  await expectAccessible(page, 'evidence')
  await page.getByRole('tab', { name: 'Verdict' }).click()
  await expect(page.getByTestId('verdict-outcome')).toBeVisible()
  await expectAccessible(page, 'verdict')
  await page.getByRole('button', { name: 'Verify a verdict PDF' }).click()
  await expect(page.getByRole('heading', { name: 'Verify a verdict' })).toBeVisible()
  await expectAccessible(page, 'verify')
  await page.getByRole('button', { name: 'Schemes', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Schemes in this workspace' })).toBeVisible()
  await expectAccessible(page, 'schemes')
  await page.getByRole('button', { name: '+ New' }).click()
  await expectAccessible(page, 'new case')
})

test('integrator fixture: counts on the import bar, a PNG named as an image, the place in the URL, and names for ids', async ({
  page
}) => {
  await page.goto(await app.openUrl())
  await createKeyInPanel(page, 'Ann Auditor')
  const files = readdirSync(INTEGRATOR).map((f) => join(INTEGRATOR, f))
  await createCase(page, 'nordlicht', 'scs-integrator-iaas', files)
  await expect(page.getByTestId('import-summary')).toHaveText('4 of 4 files stored')
  await expectAccessible(page, 'import receipts')

  // a PNG beside a good file: named as an image, and the bar counts both
  await page.getByTestId('file-input').setInputFiles([
    { name: 'screenshot.png', mimeType: 'image/png', buffer: PNG },
    {
      name: 'report-nord-public.yaml',
      mimeType: 'application/yaml',
      buffer: readFileSync(join(INTEGRATOR, 'report-nord-public.yaml'))
    }
  ])
  await expect(page.getByTestId('import-summary')).toHaveText('1 of 2 files refused (1 stored)')
  // (a PNG can be evidence now; a damaged one is refused and still named for what it is)
  await expect(page.getByRole('alert').filter({ hasText: 'screenshot.png' })).toContainText('PNG image')
  await expect(page.getByText('not valid UTF-8')).toHaveCount(0)
  await expectAccessible(page, 'import with a refusal')

  // the place: case, tab and row in the URL; reload and back/forward return there
  await page.getByRole('searchbox', { name: 'Search the review' }).fill('public-iaas-operated')
  await page.getByRole('option', { name: /scoring\.public-iaas-operated nord-public/ }).click()
  await page.getByRole('searchbox', { name: 'Search the review' }).fill('')
  await page.screenshot({ path: join(ROOT, 'test-results/desk-import-refusal.png') })
  await expectDeskFits(page)
  await expect(page).toHaveURL(
    /#\/case\/nordlicht\/review\?criterion=scoring\.public-iaas-operated&subject=nord-public$/
  )
  await page.getByRole('tab', { name: 'Verdict' }).click()
  await expect(page).toHaveURL(/#\/case\/nordlicht\/verdict/)
  await page.reload()
  await expect(page.getByRole('tab', { name: 'Verdict' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('verdict-outcome')).toHaveText('Bronze')
  await page.goBack()
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('option', { selected: true })).toContainText('scoring.public-iaas-operated')
  await page.goForward()
  await expect(page.getByRole('tab', { name: 'Verdict' })).toHaveAttribute('aria-selected', 'true')

  // ids get their names: no raw outcome id such as not-granted on a badge
  const badges = await page.locator('.verdict .badge, .verdict-badge').allTextContents()
  expect(badges.filter((b) => /^[a-z]+(-[a-z]+)+$/.test(b.trim()))).toEqual([])
  expect(badges).toContain('Bronze')
})

test('messages: field errors in plain words, banners that clear, refusals as a list of links, what is still open', async ({
  page
}) => {
  await page.goto(await app.openUrl())
  await createKeyInPanel(page, 'Ann Auditor')
  await page.getByRole('button', { name: 'Open demo case' }).click()
  await expect(page.getByTestId('case-title')).toContainText('Demo Cloud GmbH', { timeout: 30_000 })
  const files = readdirSync(INCONSISTENT)
    .filter((f) => f !== 'other-application.yaml')
    .map((f) => join(INCONSISTENT, f))
  await createCase(page, 'contra', 'scs-compatible-iaas', files)

  // an empty reject: each problem in plain words under its own field, nothing sent, no raw validator text
  await expect(page.getByTestId('queue-current')).toContainText('Finding 1 of')
  await page.locator('body').focus()
  await page.keyboard.press('r')
  const form = page.getByRole('form', { name: 'Decision' })
  await expect(form.getByTestId('decision-signer')).toHaveText('signed by Ann Auditor')
  await page.keyboard.press('Control+Enter')
  await expect(form.getByLabel(/Comment/)).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByLabel(/Comment/)).toHaveAccessibleDescription(
    'A reject needs a comment that says why.'
  )
  await expect(page.getByText(/Bad arguments|Too small|expected string/)).toHaveCount(0)
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expectAccessible(page, 'decision form with errors')
  await form.getByLabel(/Comment/).fill('fix it')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('notice')).toHaveAttribute('role', 'status')
  await expect(page.getByTestId('notice')).toContainText('Rejected:')

  // before asking for acceptance, the form says what is still open
  const flow = page.getByLabel('Four-eyes review')
  await flow.getByRole('button', { name: 'Submit for review' }).click()
  await expect(flow.getByRole('note', { name: 'Still open' })).toContainText(
    /Still open: \d+ blockers?, \d+ major findings?, \d+ rows? pending a decision/
  )
  await flow.locator('form').getByRole('button', { name: 'Submit for review' }).click()
  await expect(page.getByTestId('case-status')).toHaveText('submitted')
  await expect(page.getByTestId('notice')).toContainText('submitted for review')

  // an error, then a success: the error goes
  await page.locator('body').focus()
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toContainText(
    'Nothing can be decided: case contra is submitted for review'
  )
  await flow.getByRole('button', { name: 'Return with comments' }).click()
  await flow.getByLabel('Review comment').fill('more work')
  await flow.locator('form').getByRole('button', { name: 'Return with comments' }).click()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.getByTestId('notice')).toContainText('returned with comments')

  // an error, then another case: the error goes
  await flow.getByRole('button', { name: 'Submit for review' }).click()
  await flow.locator('form').getByRole('button', { name: 'Submit for review' }).click()
  await expect(page.getByTestId('notice')).toContainText('submitted for review')
  await page.locator('body').focus()
  await page.keyboard.press('w')
  await expect(page.getByRole('alert')).toBeVisible()
  await page.getByRole('button', { name: /^demo-cloud/ }).click()
  await expect(page.getByTestId('case-title')).toContainText('Demo Cloud GmbH', { timeout: 30_000 })
  await expect(page.getByRole('alert')).toHaveCount(0)

  // a refusal with many reasons: a list, each criterion a link to its row
  await page.getByRole('button', { name: /^contra/ }).click()
  await page.getByRole('tab', { name: 'Verdict' }).click()
  const exportForm = page.getByRole('form', { name: 'Export the verdict' })
  await exportForm.getByLabel(/Pre-audit/).uncheck()
  await exportForm.getByTestId('p12-input').setInputFiles({
    name: 'key.p12',
    mimeType: 'application/x-pkcs12',
    buffer: Buffer.from('not a key')
  })
  await exportForm.getByRole('button', { name: 'Sign and export' }).click()
  const reasons = page.getByTestId('notice').getByRole('list', { name: 'Reasons' })
  await expect(reasons.getByRole('listitem').first()).toContainText('case contra is submitted')
  expect(await reasons.getByRole('listitem').count()).toBeGreaterThan(1)
  const link = reasons.getByRole('button').first()
  const target = (await link.textContent())!
  await link.click()
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('queue-current')).toContainText(target)
})
