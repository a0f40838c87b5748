import { expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'

/**
 * axe-core on what the page shows now: no serious or critical violation of the WCAG 2.0 and 2.1 A/AA rules,
 * with 2.5.3 "label in name" too (axe still calls that rule experimental): a control's accessible name
 * must contain its visible label, so that a voice-control user can say what they see.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze()
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, `axe-core on ${screen}`).toEqual([])
}
