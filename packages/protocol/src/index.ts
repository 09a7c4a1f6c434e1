export * from './constants.ts';
export * from './errors.ts';
export * from './conversation.ts';
export * from './messages.ts';
export * from './rest.ts';
export * from './admin.ts';
export * from './desk.ts';
export * from './media.ts';
