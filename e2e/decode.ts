// Decoding what an export produced, in Node (mediabunny's demuxer): the video's size, codec,
// duration and frame (packet) count, for the video export specs.

import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';

export async function decodeVideo(base64: string) {
  const input = new Input({ source: new BufferSource(Buffer.from(base64, 'base64')), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  if (track === null) throw new Error('no video track');
  let packets = 0;
  for await (const _ of new EncodedPacketSink(track).packets()) packets++;
  return { width: track.displayWidth, height: track.displayHeight, codec: await track.getCodec(), duration: await input.computeDuration(), packets, mime: await input.getMimeType() };
}
