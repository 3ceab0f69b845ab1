import { axeViolations as axe } from './axe';
import { openIncidentViaApi, publishedProcedureViaApi } from './escalation-helpers';
import { DEMO, expect, expectNoHorizontalOverflow, test } from './fixtures';

// Accessibility of the escalation pages in both themes, with real data made through the API.

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`escalation pages, axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });

    test('toolkit home, binder, procedure editor, published binder, incident, incidents, admin pages', async ({ page }) => {
      test.setTimeout(180_000);
      const procedure = await publishedProcedureViaApi(page.request, `E2E axe ${scheme} ${Date.now()}`);
      const incidentId = await openIncidentViaApi(page.request, procedure.id, `E2E axe incident ${scheme} ${Date.now()}`);
      const pages: [string, string | RegExp][] = [
        ['/toolkit', 'Toolkit'],
        ['/toolkit/escalations', 'Escalation binder'],
        [`/toolkit/escalations/procedures/${procedure.id}`, procedure.title],
        ['/toolkit/escalations/binder', 'Published binder'],
        [`/toolkit/escalations/binder/${procedure.id}`, procedure.title],
        [`/incidents/${incidentId}`, /E2E axe incident/],
        ['/incidents', 'Incidents'],
        ['/admin/webhooks', 'Webhook deliveries'],
        ['/admin/inbound-webhook', 'Inbound webhook'],
      ];
      for (const [path, heading] of pages) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
        await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0);
        expect(await axe(page), path).toEqual([]);
      }
      // The incident page once its first step has fired, with the timeline grown.
      await page.goto(`/incidents/${incidentId}`);
      await expect(page.getByRole('list', { name: 'Timeline events' }).getByText(/Step 1 of 3/)).toBeVisible({ timeout: 15_000 });
      expect(await axe(page), 'incident with a step on the timeline').toEqual([]);
      await page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Resolve this incident?' })).toBeVisible();
      expect(await axe(page), 'resolve dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: { resolution: 'Closed by the axe test.' } });
    });

    test('open dialogs and panels: new procedure, open incident, notifications', async ({ page }) => {
      await page.goto('/toolkit/escalations');
      await page.getByRole('button', { name: 'New procedure from a template' }).click();
      await expect(page.getByRole('dialog', { name: 'New procedure' }).getByRole('radio').first()).toBeVisible();
      expect(await axe(page), 'new procedure dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.goto('/incidents');
      await page.getByRole('button', { name: 'Open an incident' }).click();
      await expect(page.getByRole('dialog', { name: 'Open an incident' }).getByRole('combobox', { name: 'Procedure' })).toBeVisible();
      expect(await axe(page), 'open incident dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /^Notifications/ }).click();
      await expect(page.getByRole('region', { name: 'Notifications' })).toBeVisible();
      expect(await axe(page), 'notifications panel').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('region', { name: 'Notifications' })).toBeHidden();
      await expect(page.getByRole('button', { name: /^Notifications/ })).toBeFocused();
    });
  });
}

test.describe('at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 740 }, signInAs: DEMO.admin });

  test('binder, editor, incident and notifications fit the screen', async ({ page }) => {
    test.setTimeout(60_000);
    const procedure = await publishedProcedureViaApi(page.request, `E2E phone ${Date.now()}`);
    const incidentId = await openIncidentViaApi(page.request, procedure.id, `E2E phone incident ${Date.now()}`);
    for (const path of ['/toolkit', '/toolkit/escalations', `/toolkit/escalations/procedures/${procedure.id}`, `/toolkit/escalations/binder/${procedure.id}`, `/incidents/${incidentId}`, '/incidents', '/admin/inbound-webhook']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0);
      await expectNoHorizontalOverflow(page);
    }
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await expect(panel).toBeVisible();
    const box = await panel.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: {} });
  });
});
