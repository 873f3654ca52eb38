/**
 * `@epilot/sdk/webhooks/receiver` — Node build (the `node` export condition): native node:crypto, synchronous
 * under the hood, key objects cached. The same API and types as the portable build (`index.ts`, whose
 * declarations package.json serves for both): its backend-neutral exports are re-exported from there, and
 * its seven functions are bound to node:crypto here.
 *
 * @packageDocumentation
 */
import { nodeBackend } from '../signature/node-crypto'
import { signWebhook as signWebhookOnNode } from '../signature/signer'
import { receiverApi, type ReceiverFunctions } from './receiver-api'

export const {
  createExpressMiddleware,
  createFetchHandler,
  createNodeHandler,
  createVerifier,
  signWebhook,
  verifyWebhook,
  verifyWebhookSync,
}: ReceiverFunctions = /* @__PURE__ */ receiverApi(nodeBackend, signWebhookOnNode)

export {
  createMemoryReplayStore,
  createPublicKeyProvider,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TOLERANCE_SECONDS,
  DEFAULT_WEBHOOKS_BASE_URL,
  HEADER_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  VERIFICATION_ERROR_STATUS,
  WebhookSigningError,
  WebhookVerificationError,
  type ConnectMiddleware,
  type FetchWebhookHandler,
  type MemoryReplayStore,
  type MemoryReplayStoreOptions,
  type MiddlewareOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  type NodeWebhookHandler,
  type PublicKeyProvider,
  type PublicKeyProviderOptions,
  type PublicKeyResponse,
  type RawVerifierOptions,
  type ReceiverFunctions,
  type ReplayStore,
  type RequestWithBody,
  type SignableMessage,
  type SignatureVersion,
  type SignerOptions,
  type VerifiedDelivery,
  type VerifierOptions,
  type VerifierSource,
  type VerifyWebhookInput,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookHeadersInput,
  type WebhookRequest,
  type WebhookRequestParts,
  type WebhookSigningErrorCode,
  type WebhookVerificationErrorCode,
  type WebhookVerifier,
} from './index'
