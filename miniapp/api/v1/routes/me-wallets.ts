import { z } from 'zod';
import { parseWalletAddress, SIGNATURE_PATTERN, type LinkedWallet, type WalletLinkFailure } from '../../../../services/users/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

// Linking the caller's wallets as /linkwallet does (bots/features/link-wallet): a one-time EIP-4361
// message for an address, which the app has the member's wallet sign, and the signature sent back.

const wallet = z.object({ address: z.string().describe('EIP-55 checksummed'), linkedAt: z.iso.datetime() });
const walletOut = (w: LinkedWallet) => ({ address: w.address, linkedAt: w.linkedAt.toISOString() });

const REFUSALS: Record<WalletLinkFailure, { status: number; message: string }> = {
  taken: { status: 409, message: 'This wallet is already linked to another member. One wallet belongs to one member.' },
  bad_signature: { status: 400, message: 'That is not a signature of the message by the wallet it names. The message still works until it expires.' },
  expired: { status: 400, message: 'The message has expired: ask for a new one.' },
  no_challenge: { status: 400, message: 'No message is waiting for a signature (it was used or replaced): ask for a new one.' },
};

/** `GET /me/wallets`, `POST /me/wallets/challenge`, `POST /me/wallets`. */
export function registerMeWalletRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/me/wallets',
    { schema: { summary: "The caller's linked wallets, oldest first", tags: ['me'], response: { 200: z.object({ wallets: z.array(wallet) }), ...errorResponses } } },
    async (request) => ({ wallets: (await deps.users.walletsOf(callerOf(request).userId)).map(walletOut) }),
  );

  app.post(
    '/me/wallets/challenge',
    {
      schema: {
        summary: 'A one-time EIP-4361 message to sign with this wallet (10 minutes; replaces any earlier one)',
        tags: ['me'],
        body: z.object({ address: z.string().refine((s) => parseWalletAddress(s) !== null, 'must be an EVM address: 0x and 40 hex digits, with a correct checksum if mixed-case') }).strict(),
        response: {
          200: z.object({ message: z.string().describe('Sign exactly this (personal_sign)'), address: z.string(), expiresAt: z.iso.datetime() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const challenge = await deps.users.startWalletLink(callerOf(request).userId, request.body.address);
      return { message: challenge.message, address: challenge.address, expiresAt: challenge.expiresAt.toISOString() };
    },
  );

  app.post(
    '/me/wallets',
    {
      schema: {
        summary: 'Links the wallet of the waiting message, given its signature of it (the message is used once)',
        tags: ['me'],
        body: z.object({ signature: z.string().regex(SIGNATURE_PATTERN, 'must be a signature: 0x and 130 hex digits') }).strict(),
        response: {
          200: wallet.extend({ unchanged: z.boolean().describe('The wallet was linked to the caller already') }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await deps.users.finishWalletLink(callerOf(request).userId, request.body.signature);
      if (result.ok) return { ...walletOut(result.wallet), unchanged: result.unchanged };
      const refusal = REFUSALS[result.reason];
      // The error code is users' reason code (expired, bad_signature, taken, no_challenge).
      throw new ApiError(refusal.status, result.reason, result.recovered ? `${refusal.message} Against this message it comes from ${result.recovered}: another wallet signed it, or the text signed was not exactly the message.` : refusal.message);
    },
  );
}
