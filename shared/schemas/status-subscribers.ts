/** Requests of the public status subscriber routes. */
import * as z from 'zod/mini';
import { MAX_TOKEN_LENGTH } from '#shared/domain/status/subscriber-token.ts';
import { schema } from '#shared/schemas/common.ts';
import { ComponentId } from '#shared/schemas/component.ts';

export const SubscribeBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    email: z.string().check(z.trim(), z.maxLength(254, 'at most 254 characters'), z.email({ message: 'must be an e-mail address, e.g. ann@example.com' })),
    components: z.optional(z.array(ComponentId).check(z.maxLength(50, 'at most 50 components'))),
  }),
);

export const TokenQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ token: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_TOKEN_LENGTH, `at most ${MAX_TOKEN_LENGTH} characters`)) }),
);
