import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskApi, type ConsultantClient, type VisitorClient } from '@parley/client';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { TRANSCRIPT_LIMITS } from '../src/domain/transcript/transcript.ts';
import { startSmtp } from './smtp.ts';
import { consultant, loginCookie, startServer, until, visitor, type TestServer } from './server.ts';

const runtime = new FakeRuntime(Date.now());
let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let cookie: string;
const open: { close(): void }[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    runtime,
    config: {
      smtpUrl: smtp.url,
      mailFrom: 'help@parley.test',
      transcriptLimits: { ...TRANSCRIPT_LIMITS, perRecipient: 2, perTenant: 4 },
    },
  });
  cookie = await loginCookie(server.baseUrl);
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
  await smtp.close();
});

/** A fresh visitor (free to create) whose call with Dana has ended. */
async function endedCall(dana: ConsultantClient): Promise<{ v: VisitorClient; id: string }> {
  const v = visitor(server);
  open.push(v);
  await until(v, (s) => s.available);
  v.request('Mallory');
  await until(dana, () => dana.ringing.length === 1);
  const id = dana.ringing[0]?.id ?? '';
  dana.accept(id);
  await until(v, (s) => s.conversation?.state === 'active');
  dana.end(id);
  await until(v, (s) => s.conversation?.state === 'ended');
  return { v, id };
}

/** The visitor's `transcript.send`, answered with `sent` or the error's code. */
function mailTranscript(v: VisitorClient, to: string): Promise<string> {
  return new Promise((resolve) => {
    const offSent = v.on('transcript', () => done('sent'));
    const offError = v.on('error', (e) => done(e.code));
    function done(outcome: string) {
      offSent();
      offError();
      resolve(outcome);
    }
    v.sendTranscript(to, 'en');
  });
}

describe('transcripts by e-mail cannot be turned into a mail cannon', () => {
  it('[SD6][Y3] new visitors and conversations do not reset the limit per recipient or per tenant', async () => {
    const dana = await consultant(server);
    open.push(dana);
    dana.setAvailable(true);
    await until(dana, (s) => s.available);

    // Each visitor and conversation is new, so the per-requester and per-conversation limits
    // never bite; the victim's mailbox (however it is spelled) still gets only two.
    const outcomes: string[] = [];
    const calls = [];
    for (const to of ['victim@target.test', 'Victim+2@TARGET.test', 'victim@target.test']) {
      const call = await endedCall(dana);
      calls.push(call);
      outcomes.push(await mailTranscript(call.v, to));
    }
    expect(outcomes).toEqual(['sent', 'sent', 'rate_limited']);
    expect((await smtp.next()).to).toEqual(['victim@target.test']);
    expect((await smtp.next()).to).toEqual(['victim+2@target.test']);

    // The tenant as a whole: two more to other addresses, then nothing until the window passes.
    const desk = new DeskApi(server.baseUrl, (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
    );
    const first = calls[0]?.id ?? '';
    await desk.sendTranscript(first, 'a@company.test', 'en');
    await desk.sendTranscript(calls[1]?.id ?? '', 'b@company.test', 'en');
    await expect(desk.sendTranscript(calls[2]?.id ?? '', 'c@company.test', 'en')).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
    });
    runtime.advance(TRANSCRIPT_LIMITS.longWindowMs);
    await desk.sendTranscript(calls[2]?.id ?? '', 'c@company.test', 'en');
    expect((await smtp.next()).to).toEqual(['a@company.test']);
    expect((await smtp.next()).to).toEqual(['b@company.test']);
    expect((await smtp.next()).to).toEqual(['c@company.test']);
  });
});
