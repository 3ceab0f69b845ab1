import { PDFDocument, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

export interface CertificateInput {
  recipientName: string;
  programName: string;
  issuerName: string;
  issuerId: string;
  credentialId: string;
  validFrom: Date;
  validUntil: Date;
  verifyUrl: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Keeps text inside the standard fonts' WinAnsi range so odd names never break the PDF. */
const OUTSIDE_LATIN1 = /[^\x20-\x7E\xA0-\xFF]/g;
/** Helvetica prints Latin-1: keep composed letters such as "á"; others lose their accents (or go) one by one. */
const printable = (s: string) => s.normalize('NFC').replace(OUTSIDE_LATIN1, (c) => c.normalize('NFKD').replace(OUTSIDE_LATIN1, ''));

/**
 * A one-page landscape A4 certificate: name, program, dates, credential id, issuer, and a QR code
 * (PNG) plus a clickable link to the public verification page.
 */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${printable(input.programName)} - ${printable(input.recipientName)}`);
  pdf.setAuthor(printable(input.issuerName));
  const page = pdf.addPage([842, 595]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.15, 0.25);
  const centre = (text: string, y: number, size: number, font = regular) => {
    const t = printable(text);
    page.drawText(t, { x: (842 - font.widthOfTextAtSize(t, size)) / 2, y, size, font, color: ink });
  };
  page.drawRectangle({ x: 24, y: 24, width: 794, height: 547, borderColor: ink, borderWidth: 2 });
  centre(input.issuerName, 510, 16, bold);
  centre('Certificate', 460, 34, bold);
  centre('This certifies that', 420, 14);
  centre(input.recipientName, 382, 28, bold);
  centre('has earned', 350, 14);
  centre(input.programName, 316, 22, bold);
  const lines = [
    `Issued: ${day(input.validFrom)}    Valid until: ${day(input.validUntil)}`,
    `Credential ID: ${input.credentialId}`,
    `Issuer: ${input.issuerName} (${input.issuerId})`,
  ];
  lines.forEach((l, i) => page.drawText(printable(l), { x: 60, y: 200 - i * 18, size: 10, font: regular, color: ink }));
  page.drawText('Verify this certificate:', { x: 60, y: 130, size: 10, font: bold, color: ink });
  page.drawText(printable(input.verifyUrl), { x: 60, y: 114, size: 10, font: regular, color: rgb(0.05, 0.3, 0.7) });

  const png = await QRCode.toBuffer(input.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const qr = await pdf.embedPng(png);
  page.drawImage(qr, { x: 842 - 60 - 130, y: 60, width: 130, height: 130 });

  // A link annotation over the URL and the QR code, so the verification page opens on click.
  const link = (rect: number[]) =>
    pdf.context.register(
      pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], A: { Type: 'Action', S: 'URI', URI: PDFString.of(input.verifyUrl) } }),
    );
  page.node.set(PDFName.of('Annots'), pdf.context.obj([link([60, 110, 60 + regular.widthOfTextAtSize(printable(input.verifyUrl), 10), 124]), link([652, 60, 782, 190])]));
  return pdf.save();
}
