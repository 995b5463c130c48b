/** An error whose message is safe and useful to show the user who caused it (bad input, missing rights). */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}
