package io.voltgate.schemas;

/**
 * One way a payload breaks its schema.
 *
 * @param keyword the JSON-schema keyword that failed ({@code required}, {@code type}, {@code enum},
 *     {@code maxLength}, {@code additionalProperties}, ...)
 * @param path JSON-pointer-like location in the payload, e.g. {@code $.chargingStation.model}
 * @param message readable explanation
 */
public record Violation(String keyword, String path, String message) {
}
