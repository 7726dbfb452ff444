/**
 * E-mail of notices through an SMTP server (nodemailer), when `JIXIAO_SMTP_URL` names one
 * (smtp://user:pass@host:587, smtps://… for TLS from the start); without it no mail is sent and
 * notices stay in the app.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  /** `from`: the sender's address (`JIXIAO_SMTP_FROM`). */
  constructor(
    url: string,
    private readonly from: string,
  ) {
    // A reminder that cannot be delivered within a minute is tried again by the next reminder run.
    this.transport = nodemailer.createTransport(url, { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport.close();
  }
}

/** The mailer the environment configures, or null. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env.JIXIAO_SMTP_URL;
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) throw new Error('环境变量 JIXIAO_SMTP_URL 须为 smtp:// 或 smtps:// 开头的地址');
  return new SmtpMailer(url, env.JIXIAO_SMTP_FROM || '预算绩效自评 <jixiao@localhost>');
}
