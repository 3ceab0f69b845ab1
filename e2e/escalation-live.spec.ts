import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openIncidentViaApi, publishedProcedureViaApi } from './escalation-helpers';
import { DEMO, expect, test } from './fixtures';

test.use({ signInAs: DEMO.admin });

test('the e-mail acknowledgement link works without signing in, and the incident shows it live', async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const procedure = await publishedProcedureViaApi(page.request, `E2E ack ${Date.now()}`);
  const incidentId = await openIncidentViaApi(page.request, procedure.id, `E2E ack incident ${Date.now()}`);
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByText('Live: new events appear here as they happen.')).toBeVisible();

  // The first step (0 minutes) e-mails the vendor with a signed acknowledgement link.
  let text = '';
  await expect
    .poll(async () => {
      const list = await (await page.request.get('/api/v1/admin/outbox', { params: { to: 'support@hosting.example', limit: 50 } })).json();
      const message = list.items.find((m: { subject: string }) => m.subject.includes(incidentId) || m.subject.includes('E2E ack incident'));
      if (!message) return '';
      text = (await (await page.request.get(`/api/v1/admin/outbox/${message.id}`)).json()).textBody;
      return text;
    }, { timeout: 15_000 })
    .toContain('/acknowledge?');
  const link = new URL(/https?:\/\/\S*\/acknowledge\?\S+/.exec(text)![0]);

  const vendor = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const ackPage = await vendor.newPage();
  await ackPage.goto(link.pathname + link.search);
  await expect(ackPage.getByRole('heading', { level: 1, name: 'Acknowledge an incident' })).toBeVisible();
  await ackPage.getByRole('button', { name: 'Acknowledge as Hosting provider support' }).click();
  await expect(ackPage.getByText('Thank you: the incident is acknowledged')).toBeVisible();
  await vendor.close();

  await expect(page.getByRole('list', { name: 'Timeline events' }).getByText(/Acknowledged by Hosting provider support/)).toBeVisible();
  await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: {} });
});

test('the bell counts new notifications live, opens them and marks them read', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/toolkit');
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toBeVisible();
  // Start from nothing unread, then let an incident this person is on announce itself.
  await page.request.post('/api/v1/me/notifications/read-all');
  await page.reload();
  await expect(bell).toHaveAccessibleName('Notifications, none unread');

  const title = `E2E bell incident ${Date.now()}`;
  const procedure = await publishedProcedureViaApi(page.request, `E2E bell ${Date.now()}`);
  const incidentId = await openIncidentViaApi(page.request, procedure.id, title);
  await expect(bell).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/, { timeout: 15_000 });

  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await panel.getByRole('link', { name: new RegExp(`Unread: ${title}`) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  await bell.click();
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications, none unread');
  await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: {} });
});

test('webhook deliveries: one delivered to a chat receiver, one refused, both visible to admins', async ({ page }) => {
  test.setTimeout(60_000);
  const received: unknown[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url?.startsWith('/gone')) {
        res.writeHead(410, { 'content-type': 'text/plain' }).end('channel archived');
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  try {
    const stamp = Date.now();
    const procedure = await publishedProcedureViaApi(page.request, `E2E webhooks ${stamp}`);
    const patched = await page.request.patch(`/api/v1/escalations/procedures/${procedure.id}`, {
      data: {
        contacts: [
          ...((await (await page.request.get(`/api/v1/escalations/procedures/${procedure.id}`)).json()).contacts as object[]),
          { id: 'chat', kind: 'vendor', name: 'Ops chat channel', role: 'Chat', webhookUrl: `http://127.0.0.1:${port}/hooks/ops-${stamp}` },
          { id: 'old', kind: 'vendor', name: 'Archived channel', role: 'Chat', webhookUrl: `http://127.0.0.1:${port}/gone/old-${stamp}` },
        ],
        steps: [
          { id: 's1', offsetMinutes: 0, title: 'Chat told', notify: ['lead', 'chat', 'old'], expected: 'The channel knows.' },
          { id: 's2', offsetMinutes: 30, title: 'Manager informed', notify: ['lead'], expected: 'The IT manager decides on the fail-over.' },
        ],
      },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    for (const action of ['review', 'publish']) expect((await page.request.post(`/api/v1/escalations/procedures/${procedure.id}/${action}`, { data: action === 'review' ? {} : undefined })).status()).toBe(200);
    const incidentId = await openIncidentViaApi(page.request, procedure.id, `E2E webhook incident ${stamp}`);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);

    await page.goto('/admin/webhooks');
    await expect(page.getByRole('heading', { level: 1, name: 'Webhook deliveries' })).toBeVisible();
    const sent = page.getByRole('row').filter({ hasText: `127.0.0.1:${port}/hooks/` }).first();
    const failed = page.getByRole('row').filter({ hasText: `127.0.0.1:${port}/gone/` }).first();
    await expect(async () => {
      await page.reload();
      await expect(sent).toContainText('Sent', { timeout: 1000 });
      await expect(failed).toContainText('Failed', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(failed).toContainText('HTTP 410');
    // The secret part of the address is not shown.
    await expect(page.getByText(`ops-${stamp}`)).toHaveCount(0);

    await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
    await expect(page.getByRole('row').filter({ hasText: 'Sent' })).toHaveCount(0);
    await failed.getByRole('button').click();
    await expect(page.getByRole('dialog', { name: 'Webhook delivery' })).toContainText('"text"');
    await page.keyboard.press('Escape');
    await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: {} });
  } finally {
    receiver.close();
  }
});

test('inbound webhook: the secret is shown once, and a request signed as the example shows opens an incident', async ({ page, baseURL }) => {
  const procedure = await publishedProcedureViaApi(page.request, `E2E inbound ${Date.now()}`);
  await page.goto('/admin/inbound-webhook');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbound webhook' })).toBeVisible();
  const make = page.getByRole('button', { name: /Turn on: make a secret|Rotate the secret/ });
  const rotating = (await make.textContent())?.includes('Rotate');
  await make.click();
  if (rotating) await page.getByRole('dialog', { name: 'Rotate the secret?' }).getByRole('button', { name: 'Make a new secret' }).click();
  const secret = ((await page.getByLabel('Inbound webhook secret').textContent()) ?? '').trim();
  expect(secret.length).toBeGreaterThan(20);
  const example = (await page.getByLabel('Example: sign and send an alert with curl').textContent()) ?? '';
  expect(example).toContain(secret);
  const url = /curl -X POST '([^']+)'/.exec(example)![1];
  expect(url).toContain('/api/v1/incidents/inbound/');

  // Sign exactly as the example does: HMAC-SHA256 over "<timestamp>.<body>".
  const body = JSON.stringify({ procedureId: procedure.id, title: `E2E inbound alert ${Date.now()}`, externalRef: 'ALERT-7', requestId: `e2e-${Date.now()}` });
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  const path = new URL(url).pathname;
  const res = await page.request.post(`${baseURL}${path}`, { headers: { 'content-type': 'application/json', 'x-milewide-timestamp': ts, 'x-milewide-signature': `sha256=${sig}` }, data: body });
  expect(res.status(), await res.text()).toBe(201);
  const { incidentId } = (await res.json()) as { incidentId: string };

  await page.getByRole('button', { name: 'I have copied it, hide the secret' }).click();
  await expect(page.getByLabel('Inbound webhook secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(/It is not shown again/)).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByText(/Opened by a monitoring tool · Alert reference ALERT-7/)).toBeVisible();
  await page.request.post(`/api/v1/incidents/${incidentId}/resolve`, { data: {} });
});
