package io.voltgate.api.family;

/**
 * Who may call an operation of a family whose callers can be drivers ({@code /emsp/v1}): a back end
 * with its key, a driver app with its key and the driver's access token, either, or any key at all
 * (public facts). Families without
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
   * Any key of the family, publishable ones included, with or without a driver's token: what an app
   * calls before anyone signs in (sign-up, login, a network's branding). A driver's token, when sent,
   * is still verified, and the request still sees only the key's networks.
   */
  ANY_KEY
}
