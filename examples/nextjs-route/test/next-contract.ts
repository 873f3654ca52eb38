// Type check only: Next.js calls a route handler with the request and a context, so POST must fit that signature.
import { POST } from '../app/api/webhooks/epilot/route.js'

export const fitsNextRouteHandler: (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Response | Promise<Response> = POST
