import { describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { certificatePdf, type CertificateInput } from './certificate-pdf.js';

const base: CertificateInput = {
  recipientName: 'Tomás Ferreira',
  programName: 'Certified IT Manager (Professional)',
  issuerName: 'Northwind Health IT',
  issuerId: 'https://milewide.example/issuers/northwind',
  credentialId: '7d9c1f0e-4a35-4b8e-9b1e-2f8f3c6d5a10',
  validFrom: new Date('2026-11-23T10:00:00Z'),
  validUntil: new Date('2029-11-23T10:00:00Z'),
  verifyUrl: 'https://milewide.example/credentials/7d9c1f0e-4a35-4b8e-9b1e-2f8f3c6d5a10',
};

async function textOf(input: CertificateInput): Promise<string> {
  const { text } = await extractText(await certificatePdf(input), { mergePages: true });
  return text;
}

describe('PDF certificate text', () => {
  it('prints Latin-1 accented names as written, whether the name arrives composed or decomposed', async () => {
    expect(await textOf(base)).toContain('Tomás Ferreira');
    // "a" followed by a combining acute accent (NFD), as some directories export names.
    expect(await textOf({ ...base, recipientName: 'Toma\u0301s Ferreira' })).toContain('Tomás Ferreira');
    const text = await textOf({ ...base, recipientName: 'Zoë Müller-Øberg', programName: 'Gestión de servicios' });
    expect(text).toContain('Zoë Müller-Øberg');
    expect(text).toContain('Gestión de servicios');
  });

  it('keeps the letters of names Helvetica cannot print, without their accents, and drops what has no Latin-1 form', async () => {
    // "ł" has no Latin-1 form and no decomposition, "ő" decomposes to "o", "Č" to "C".
    const text = await textOf({ ...base, recipientName: 'Paweł Čech Erdős 李' });
    expect(text).toContain('Pawe Cech Erdos');
    expect(text).not.toContain('李');
  });
});
