import { expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'

/** axe-core on what the page shows now: no serious or critical violation (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, `axe-core on ${screen}`).toEqual([])
}
