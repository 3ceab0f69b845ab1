import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { findCredential, verifyCredentialJwt, type Verification } from './verify.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const HEADLINES: Record<Verification['status'], { text: string; colour: string }> = {
  valid: { text: 'Valid credential', colour: '#1b6e2e' },
  expired: { text: 'Expired credential', colour: '#8a5a00' },
  not_yet_valid: { text: 'Not yet valid', colour: '#8a5a00' },
  revoked: { text: 'Revoked credential', colour: '#a11d1d' },
  tampered: { text: 'Not authentic', colour: '#a11d1d' },
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a2540}h1{margin-bottom:.25rem}dt{font-weight:600;margin-top:.75rem}dd{margin:0}</style></head><body><main>${body}</main></body></html>`;
}

/** The public verification page the PDF's QR code and the "add to profile" link point at. */
export function registerVerifyPage(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/credentials/:id', { schema: { hide: true } }, async (request, reply) => {
    const id = request.params.id;
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await findCredential(ctx.db, id) : null;
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!row) return reply.status(404).send(page('Credential not found', '<h1>Credential not found</h1><p>No credential with this id was issued here. Check the link or QR code.</p>'));
    const v = await verifyCredentialJwt(ctx.db, ctx.config.publicUrl, row.jwt);
    const head = HEADLINES[v.status];
    const field = (label: string, value: string | null) => (value ? `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>` : '');
    const body = `<h1 style="color:${head.colour}">${head.text}</h1>
<p role="status">${v.reasons.map(escape).join(' ')}</p>
<dl>${field('Holder', v.recipientName)}${field('Certification', v.achievementName)}${field('Issuer', v.issuer ? `${v.issuer.name} (${v.issuer.id})` : null)}${field('Valid from', v.validFrom?.slice(0, 10) ?? null)}${field('Valid until', v.validUntil?.slice(0, 10) ?? null)}${field('Credential ID', row.id)}${field('Signing key', v.keyId)}</dl>
<p><a href="/api/v1/public/credentials/${row.id}/verify">Verification result as JSON</a></p>`;
    return reply.send(page(head.text, body));
  });
}
