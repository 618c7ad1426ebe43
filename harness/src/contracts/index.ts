export { createContractAjv, describeErrors } from './ajv-factory.ts';
export type { AsyncApiModel, Channel, ChannelMessage } from './asyncapi-model.ts';
export { loadAsyncApiModel } from './asyncapi-model.ts';
export type { MessageValidator, MessageVerdict, WireMessage } from './message-validator.ts';
export { compileMessageValidator } from './message-validator.ts';
export type { AsyncApiTrafficResult, AsyncApiTrafficTap, AsyncApiTrafficTapOptions } from './traffic-tap.ts';
export { startAsyncApiTrafficTap } from './traffic-tap.ts';
