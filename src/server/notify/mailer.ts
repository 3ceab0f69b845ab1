import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * A stable Message-ID: a message sent again after a crash between sending and recording carries
   * the same id, so mail systems can recognise the repeat.
   */
  messageKey?: string;
}

export interface Mailer {
  /** False when no SMTP server is configured: mail then stays in the outbox as "captured". */
  readonly configured: boolean;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return { configured: false, async send() {}, close() {} };
  }
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'milewide.local';
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.messageKey ? { messageId: `<${mail.messageKey}@${domain}>` } : {}) });
    },
    close: () => transport.close(),
  };
}
