package io.voltgate.gateway.core;

/**
 * The answer to a BootNotification.
 *
 * @param status {@code Accepted}, {@code Pending} or {@code Rejected} (same names in 1.6 and 2.0.1)
 * @param intervalSeconds heartbeat interval when accepted, retry interval otherwise
 */
public record BootDecision(String status, int intervalSeconds) {
}
