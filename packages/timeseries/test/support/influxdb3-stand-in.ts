import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { constants as http2, createServer as createHttp2Server, type IncomingHttpHeaders as Http2Headers } from 'node:http2';
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Message, tableToIPC, type Table } from 'apache-arrow';

/**
 * A stand-in for the InfluxDB 3 server, on 127.0.0.1 and a free port: the external
 * service's two wire protocols, recorded, with replies the test chooses. It is not a
 * mock of our code: the real @influxdata/influxdb3-client talks to it over real sockets.
 *
 *  - HTTP/1.1 for writes (/api/v2/write, line protocol, maybe gzipped);
 *  - HTTP/2 (h2c) gRPC for queries: Arrow Flight DoGet, whose ticket is the JSON
 *    {database, sql_query, query_type, params} and whose reply is FlightData messages
 *    carrying an Arrow IPC stream.
 * Both arrive on the same port, as with the real server; the first bytes tell them apart.
 */

export interface RecordedWrite {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordedQuery {
  path: string;
  headers: Http2Headers;
  ticket: { database: string; sql_query: string; query_type: string; params?: Record<string, unknown> };
}

export type WriteReply = { status: number; body?: unknown };
export type QueryReply = { table: Table; delayMs?: number } | { grpcStatus: number; message: string };

export interface InfluxDb3StandIn {
  url: string;
  writes: RecordedWrite[];
  queries: RecordedQuery[];
  replyToWrite: (write: RecordedWrite) => WriteReply;
  replyToQuery: (query: RecordedQuery) => QueryReply;
  close(): Promise<void>;
}

const HTTP2_PREFACE = 'PRI * HTTP/2.0';

export async function startInfluxDb3StandIn(): Promise<InfluxDb3StandIn> {
  const writes: RecordedWrite[] = [];
  const queries: RecordedQuery[] = [];
  const sockets = new Set<Socket>();

  const http = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const write: RecordedWrite = { url: request.url ?? '', headers: request.headers, body };
      writes.push(write);
      const reply = standIn.replyToWrite(write);
      response.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });

  const grpc = createHttp2Server();
  grpc.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const query: RecordedQuery = { path: String(headers[':path']), headers, ticket: JSON.parse(readTicket(Buffer.concat(chunks))) as RecordedQuery['ticket'] };
      queries.push(query);
      const reply = standIn.replyToQuery(query);
      if ('grpcStatus' in reply) {
        stream.respond(
          { [http2.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc', 'grpc-status': String(reply.grpcStatus), 'grpc-message': encodeURIComponent(reply.message) },
          { endStream: true },
        );
        return;
      }
      const send = () => {
        if (stream.destroyed) return;
        stream.respond({ [http2.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        for (const message of flightData(reply.table)) stream.write(grpcFrame(message));
        stream.end();
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
    stream.on('error', () => undefined);
  });

  await Promise.all([listen(http), listen(grpc)]);
  // One public port like the real server: a small TCP front sends each connection to the
  // HTTP/1.1 or the HTTP/2 server by its first bytes (an HTTP/2 session cannot be handed an
  // already-read socket, so the front forwards instead of handing over).
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      const backend = first.toString('latin1').startsWith(HTTP2_PREFACE) ? grpc : http;
      const upstream = connect((backend.address() as AddressInfo).port, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      upstream.write(first);
      socket.pipe(upstream).pipe(socket);
    });
  });
  await listen(tcp);

  const standIn: InfluxDb3StandIn = {
    url: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    writes,
    queries,
    replyToWrite: () => ({ status: 204 }),
    replyToQuery: () => ({ grpcStatus: 12, message: 'no reply configured' }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([tcp, http, grpc].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
  return standIn;
}

/** gRPC request body: 1 byte compressed flag, 4 bytes length, then the Ticket message (field 1: bytes). */
function readTicket(frame: Buffer): string {
  const message = frame.subarray(5, 5 + frame.readUInt32BE(1));
  let offset = 1; // tag 0x0a: field 1, length-delimited
  const [length, next] = readVarint(message, offset);
  offset = next;
  return message.subarray(offset, offset + length).toString('utf8');
}

/** Splits the Arrow IPC stream into messages and wraps each as FlightData {data_header: 2, data_body: 1000}. */
function flightData(table: Table): Buffer[] {
  const ipc = Buffer.from(tableToIPC(table, 'stream'));
  const messages: Buffer[] = [];
  let offset = 0;
  while (offset < ipc.length) {
    let length = ipc.readInt32LE(offset);
    offset += 4;
    if (length === -1) {
      length = ipc.readInt32LE(offset);
      offset += 4;
    }
    if (length === 0) break;
    const header = ipc.subarray(offset, offset + length);
    offset += length;
    const bodyLength = Number(Message.decode(header).bodyLength);
    const body = ipc.subarray(offset, offset + bodyLength);
    offset += bodyLength;
    messages.push(Buffer.concat([Buffer.from([0x12]), varint(header.length), header, Buffer.from([0xc2, 0x3e]), varint(body.length), body]));
  }
  return messages;
}

function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function readVarint(buffer: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let offset = start;
  for (;;) {
    const byte = buffer[offset++]!;
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return [value, offset];
    shift += 7;
  }
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}
