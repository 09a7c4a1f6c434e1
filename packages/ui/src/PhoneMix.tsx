import { useEffect, useRef, useState } from 'react';
import { PhoneMixLeg, setSpeaker, type ParleyConnection } from '@parley/client';
import type { IceServer } from '@parley/protocol';
import type { DialInInfo } from './DialIn.tsx';

/**
 * [TP7][TP8] Where a side's call audio goes: `peer` (no phone in the call: browser to browser),
 * `phone` (this side's phone is connected: its browser neither sends nor plays call audio) or `mix`
 * (another phone is in the call: this browser joins the call's phone mix, and no audio goes peer
 * to peer, so nobody hears anyone twice). In a conference ([TP11]) the same holds for each member:
 * the SFU then carries no audio of theirs.
 */
export type CallAudioRoute = 'peer' | 'phone' | 'mix';

export function callAudioRoute(info: DialInInfo | null): CallAudioRoute {
  if (!info) return 'peer';
  if (info.mine) return 'phone';
  return info.others ? 'mix' : 'peer';
}

/**
 * [TP8] While `active`, this browser is in the call's phone mix sending `microphone` (null: it
 * listens only); it leaves when no longer active (the last phone hung up) or on unmount, and
 * joins again after its socket reconnected ([TP10]).
 */
export function usePhoneMix(options: {
  connection: ParleyConnection;
  conversationId: string;
  iceServers: () => IceServer[];
  active: boolean;
  microphone: MediaStreamTrack | null;
}): MediaStream | null {
  const { connection, conversationId, iceServers, active, microphone } = options;
  const [leg, setLeg] = useState<PhoneMixLeg | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const microphoneNow = useRef(microphone);
  microphoneNow.current = microphone;
  const iceServersNow = useRef(iceServers);
  iceServersNow.current = iceServers;
  // [TP10] Each welcome after a lost socket starts a new leg: the server took the old one out of the
  // mix with its socket (and replaces it on the new join in case it has not noticed yet).
  const [connections, setConnections] = useState(0);
  useEffect(() => connection.on('welcome', () => setConnections((count) => count + 1)), [connection]);
  useEffect(() => {
    if (!active) return;
    const joined = new PhoneMixLeg({ connection, conversationId, iceServers: iceServersNow.current() });
    const off = joined.on('remoteStream', setStream);
    void joined.start(microphoneNow.current);
    setLeg(joined);
    return () => {
      off();
      joined.close();
      setLeg(null);
      setStream(null);
    };
  }, [connection, conversationId, active, connections]);
  useEffect(() => void leg?.setMicrophone(microphone), [leg, microphone]);
  return stream;
}

/**
 * [TP8] Plays the phone mix (the phones and the other browser) at the call's volume and speaker;
 * muted while another of the consultant's calls is in front.
 */
export function PhoneMixAudio(props: { stream: MediaStream; volume: number; speakerId: string; muted?: boolean }) {
  const { stream, volume, speakerId, muted = false } = props;
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.srcObject = stream;
    element.volume = volume;
    void setSpeaker(element, speakerId);
  }, [stream, volume, speakerId]);
  return <audio ref={audio} autoPlay muted={muted} data-testid="phone-mix-audio" />;
}
