/**
 * app/api/webhooks/epilot/route.ts of a Next.js app (App Router): POST /api/webhooks/epilot.
 * Set EPILOT_WEBHOOK_PUBLIC_KEY to the PEM that getPublicKey returns for your organization.
 * (This example has no `next` dependency: a route handler is a plain (Request) => Response function.)
 */
import { createFetchHandler } from '@epilot/sdk/webhooks/receiver'

export const POST = createFetchHandler({ publicKey: process.env.EPILOT_WEBHOOK_PUBLIC_KEY }, async ({ id, payload }) => {
  // Invalid deliveries were answered 400/401 already. Do the work, or queue it and answer quickly.
  console.log('epilot webhook', id, payload)
  // Return nothing for 204, or a Response.
})
