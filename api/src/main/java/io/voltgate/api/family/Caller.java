package io.voltgate.api.family;

/**
 * Who may call an operation of a family whose callers can be drivers ({@code /emsp/v1}): a back end
 * with its key, a driver app with its key and the driver's access token, or either. Families without
 * driver tokens declare every operation {@link #KEY}.
 */
public enum Caller {
  /** A server-side key; publishable (in-app) keys are refused with 403. */
  KEY,
  /** A key plus the driver's bearer access token; the request sees only that driver's data. */
  DRIVER,
  /**
   * A server-side key (sees its networks) or a key plus a driver's token (sees that driver's data);
   * a publishable key without a driver token is refused with 401.
   */
  KEY_OR_DRIVER,
  /**
   * Any key of the family, publishable ones included, with no driver needed: what an app calls
   * before a driver has logged in (sign-up, login, public network branding).
   */
  ANY_KEY
}
