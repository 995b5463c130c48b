import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { en } from '../texts/en';
import { errorText } from './error-text';

describe('errorText', () => {
  it('asks to reopen the app on an expired launch, and names not being an admin', () => {
    expect(errorText(new ApiError(401, 'init_data_expired', 'expired'), en)).toBe(en.common.errors.expired);
    expect(errorText(new ApiError(401, 'init_data_invalid', 'bad'), en)).toBe(en.common.errors.unauthenticated);
    expect(errorText(new ApiError(403, 'not_admin', 'no'), en)).toBe(en.common.errors.forbidden);
  });

  it("keeps a refusal's words, without the field it is shown under", () => {
    expect(errorText(new ApiError(409, 'raid_active', 'A raid is already running in this group: end it first'), en)).toBe('A raid is already running in this group: end it first');
    expect(errorText(new ApiError(400, 'not_x', 'postUrl: is not X: use a post link from x.com or twitter.com', 'body.postUrl'), en)).toBe('Is not X: use a post link from x.com or twitter.com');
    expect(errorText(new ApiError(503, 'x_unavailable', 'X is not answering right now; try again in a minute'), en)).toBe('X is not answering right now; try again in a minute');
    expect(errorText(new ApiError(500, 'internal', 'Internal error'), en)).toBe(en.common.errors.server);
  });
});
