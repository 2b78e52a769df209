// `@facilflow/timeseries/line-protocol`: the line-protocol codec alone, without the stores'
// drivers, for a decode worker thread.
export { encodeLineProtocol, encodePoint, LineProtocolError, type LineProtocolFieldValue, type LineProtocolPoint } from './line-protocol.ts';
export { parseLineProtocol, type LineProtocolParseResult, type ParseLineProtocolOptions, type TimestampPrecision } from './line-protocol-parser.ts';
