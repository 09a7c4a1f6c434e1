import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsultantClient, VisitorClient } from '@parley/client';
import { CSRF_HEADER, MAX_SUPPORT_VIDEO_BYTES, type MediaState } from '@parley/protocol';
import { consultant, loginCookie, startServer, until, visitor, type TestServer } from './server.ts';

let server: TestServer;
const open: { close(): void }[] = [];
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

async function inCall(setup?: Parameters<VisitorClient['request']>[1]): Promise<{
  v: VisitorClient;
  c: ConsultantClient;
  id: string;
}> {
  const v = visitor(server, new Map(), 'demo-help', IPHONE);
  const c = await consultant(server);
  open.push(v, c);
  c.setAvailable(true);
  await until(v, (s) => s.available);
  v.request('Ann', setup);
  await until(c, () => c.ringing.length === 1);
  const id = c.ringing[0]?.id ?? '';
  c.accept(id);
  await until(v, (s) => s.conversation?.state === 'active');
  return { v, c, id };
}

describe('media facts over the WebSocket', () => {
  it('[MD1][MD3] the consultant sees that the visitor skipped the media check, with their browser', async () => {
    const { c, id } = await inCall({ mediaCheck: 'skipped', mode: 'text', webrtc: true });
    const seen = await until(c, (s) => s.conversations[id]?.state === 'active');
    expect(seen.conversations[id]?.visitorSetup).toEqual({
      mediaCheck: 'skipped',
      mode: 'text',
      webrtc: true,
      client: { browser: 'Safari', browserVersion: '17', os: 'iOS', device: 'phone' },
    });
  });

  it('[MD1] a request without a media-check result is shown as joined without a check', async () => {
    const { c, id } = await inCall();
    expect(c.state.conversations[id]?.visitorSetup?.mediaCheck).toBe('skipped');
  });

  it('[MD2] a visitor whose browser has no WebRTC joins as text only', async () => {
    const { c, id } = await inCall({ mediaCheck: 'passed', mode: 'video', webrtc: false });
    expect(c.state.conversations[id]?.visitorSetup).toMatchObject({ mode: 'text', mediaCheck: 'failed' });
  });

  it('[MD4] camera off and on by either side is seen by the other side', async () => {
    const { v, c, id } = await inCall({ mediaCheck: 'passed', mode: 'video', webrtc: true });
    const on: MediaState = { camera: true, microphone: true, screen: false, supportVideo: false };
    v.setMediaState({ ...on, camera: false });
    await until(c, (s) => s.conversations[id]?.mediaState.visitor?.camera === false);
    v.setMediaState(on);
    await until(c, (s) => s.conversations[id]?.mediaState.visitor?.camera === true);
    c.setMediaState(id, { ...on, microphone: false, supportVideo: true });
    const heard = await until(v, (s) => s.conversation?.mediaState.consultant?.microphone === false);
    expect(heard.conversation?.mediaState).toMatchObject({
      visitor: on,
      consultant: { ...on, microphone: false, supportVideo: true },
    });
  });

  it('[MD4][E1] media state is refused outside an active call and when malformed', async () => {
    const v = visitor(server);
    open.push(v);
    await until(v, (s) => s.status === 'open');
    const errors: string[] = [];
    const three = new Promise<void>((resolve) =>
      v.on('error', (e) => {
        if (errors.push(e.code) === 3) resolve();
      }),
    );
    v.connection.send({
      type: 'call.media',
      conversationId: 'conv_nope',
      state: { camera: true, microphone: true, screen: false, supportVideo: false },
    });
    v.connection.sendRaw(JSON.stringify({ type: 'call.media', conversationId: 'x', state: { camera: 'yes' } }));
    v.connection.sendRaw(
      JSON.stringify({ type: 'conversation.request', setup: { mediaCheck: 'maybe', mode: 'video', webrtc: true } }),
    );
    await three;
    expect(errors).toEqual(['conversation_not_found', 'invalid_message', 'invalid_message']);
  });
});

describe('support-video library over HTTP', () => {
  async function cookie(): Promise<{ parley_session: string }> {
    const value = (await loginCookie(server.baseUrl)).split('=')[1] ?? '';
    return { parley_session: value };
  }

  it('[MD7] uploads, lists, serves and deletes a clip of the tenant', async () => {
    const cookies = await cookie();
    const clip = Buffer.from('webm-bytes');
    const up = await server.app.inject({
      method: 'POST',
      url: '/api/v1/support-videos?name=Product%20demo',
      headers: { 'content-type': 'video/webm', [CSRF_HEADER]: '1' },
      payload: clip,
      cookies,
    });
    expect(up.statusCode).toBe(201);
    const video = up.json<{ id: string }>();
    expect(video).toMatchObject({ name: 'Product demo', type: 'video/webm', size: clip.length });
    const list = await server.app.inject({ url: '/api/v1/support-videos', cookies });
    expect(list.json()).toEqual({ videos: [video] });
    const file = await server.app.inject({ url: `/api/v1/support-videos/${video.id}/file`, cookies });
    expect(file.headers['content-type']).toBe('video/webm');
    expect(file.rawPayload.equals(clip)).toBe(true);
    const gone = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/support-videos/${video.id}`,
      headers: { [CSRF_HEADER]: '1' },
      cookies,
    });
    expect(gone.statusCode).toBe(200);
    const after = await server.app.inject({ url: `/api/v1/support-videos/${video.id}/file`, cookies });
    expect(after.json()).toMatchObject({ code: 'not_found' });
  });

  it('[MD7][E1] refuses anonymous callers, wrong types, huge files and bad names with coded errors', async () => {
    const cookies = await cookie();
    const post = (headers: Record<string, string>, url = '/api/v1/support-videos?name=x', withCookies = true) =>
      server.app.inject({
        method: 'POST',
        url,
        headers: { [CSRF_HEADER]: '1', ...headers },
        payload: Buffer.from('x'),
        ...(withCookies ? { cookies } : {}),
      });
    const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
      [await post({ 'content-type': 'video/webm' }, undefined, false), 401, 'not_authenticated'],
      [await post({ 'content-type': 'text/html' }), 415, 'unsupported_media_type'],
      [await post({ 'content-type': 'image/png' }), 415, 'unsupported_media_type'],
      [await post({ 'content-type': 'video/webm' }, '/api/v1/support-videos'), 400, 'invalid_message'],
      [
        await post({ 'content-type': 'video/webm', 'content-length': String(MAX_SUPPORT_VIDEO_BYTES + 1) }),
        413,
        'file_too_large',
      ],
    ];
    for (const [response, status, code] of cases) {
      expect(response.json()).toMatchObject({ code });
      expect(response.statusCode).toBe(status);
    }
    const anonymous = await server.app.inject({ url: '/api/v1/support-videos' });
    expect(anonymous.json()).toMatchObject({ code: 'not_authenticated' });
  });
});
