/**
 * Jupyter's wire protocol (messaging spec v5.3): the frames of one message over ZeroMQ, signed with
 * HMAC-SHA256 over header, parent header, metadata and content.
 */
import { createHmac, randomBytes } from 'crypto';

export const PROTOCOL_VERSION = '5.3';
const DELIMITER = Buffer.from('<IDS|MSG>');

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message {
  /** ZeroMQ routing identities in front of the delimiter (shell/control only). */
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: Buffer[];
}

function sign(key: string, parts: (string | Buffer)[]): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const p of parts) hmac.update(p);
  return hmac.digest('hex');
}

/** Parses the frames of a received message, rejecting one whose signature does not match. */
export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new Error('message without <IDS|MSG> delimiter');
  const [signature, header, parent, metadata, content, ...buffers] = frames.slice(at + 1);
  const expected = sign(key, [header, parent, metadata, content]);
  if (signature.toString() !== expected) throw new Error('message signature does not match the connection key');
  return {
    identities: frames.slice(0, at),
    header: JSON.parse(header.toString()),
    parent_header: JSON.parse(parent.toString()),
    metadata: JSON.parse(metadata.toString()),
    content: JSON.parse(content.toString()),
    buffers,
  };
}

/** Frames for sending a message (identities, delimiter, signature, four JSON parts). */
export function encode(key: string, msg: Message): (Buffer | string)[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => JSON.stringify(p));
  return [...msg.identities, DELIMITER, sign(key, parts), ...parts, ...msg.buffers];
}

/** A new message of `msgType` answering (or published on behalf of) `parent`. */
export function childOf(
  parent: Message,
  msgType: string,
  content: Record<string, unknown>,
  identities = parent.identities,
): Message {
  return {
    identities,
    header: {
      msg_id: randomBytes(16).toString('hex'),
      msg_type: msgType,
      session: parent.header.session,
      username: parent.header.username,
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    },
    parent_header: parent.header,
    metadata: {},
    content,
    buffers: [],
  };
}
