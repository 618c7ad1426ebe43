export { dereference, resolvePointer } from './dereference.ts';
export { ContractError } from './errors.ts';
export { asyncapiPath, loadAsyncApi, loadOpenApi, openapiPath, openapiText } from './load.ts';
export { asyncapiMessage, asyncapiMessages, componentSchema, deadLetterTopic, eventTopics } from './messages.ts';
export type {
  AsyncApiChannel,
  AsyncApiDocument,
  AsyncApiMessage,
  AsyncApiMessageExample,
  ContractErrorCode,
  DeclineReason,
  EventPayloads,
  EventTopic,
  JsonSchema,
  OpenApiDocument,
  OrderCancelledPayload,
  OrderCreatedPayload,
  OrderItemData,
  OrderPaymentRejectedPayload,
  PaymentAuthorizedPayload,
  PaymentDeclinedPayload,
  PaymentRefundedPayload,
  ShipmentScheduledPayload,
} from './types.ts';
