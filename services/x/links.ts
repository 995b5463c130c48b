/** The public link of an X post. `/i/status/` needs no author handle, so any stored post id makes a working link. */
export const postUrl = (postId: string): string => `https://x.com/i/status/${postId}`;
