package io.voltgate.store.query;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A firmware catalog entry: global ({@code networkId} null) or private to a network.
 *
 * @param latest whether it is its model's newest release among the images the reader sees (null
 *     when not computed, e.g. right after a create)
 */
public record FirmwareImage(UUID id, UUID networkId, UUID modelId, String vendor, String model, String version,
    String locationUrl, String fileName, Long fileSizeBytes, String checksum, String releaseNotes,
    String ocppVersionSupport, OffsetDateTime releasedAt, OffsetDateTime createdAt, Boolean latest) {
}
