import nodemailer, { type Transporter } from 'nodemailer';
import type { Mail, Mailer } from '../../domain/transcript/transcript.ts';

/** [Y1] Sends plain-text mail through the deployment's SMTP server (`PARLEY_SMTP_URL`). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: Mail): Promise<void> {
    // Text only: nothing anyone typed becomes HTML, here either.
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      // [AP6] As text/calendar (calendar apps offer to add or update it) and as an .ics attachment.
      ...(mail.calendar
        ? { icalEvent: { method: mail.calendar.method, filename: 'invite.ics', content: mail.calendar.content } }
        : {}),
    });
  }

  close(): void {
    this.transport.close();
  }
}
