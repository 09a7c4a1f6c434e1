export * from './connection.ts';
export * from './emitter.ts';
export * from './http.ts';
export * from './peerCall.ts';
export * from './visitorClient.ts';
export * from './consultantClient.ts';
export { wsUrl, newClientId } from './util.ts';
