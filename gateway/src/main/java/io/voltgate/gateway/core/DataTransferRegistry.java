package io.voltgate.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.voltgate.gateway.charger.ChargerConnection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vendor-specific DataTransfer handlers by vendorId. With none registered for a vendor the answer
 * is {@code UnknownVendorId}, as the specification prescribes.
 */
public final class DataTransferRegistry {

  /** What a vendor handler answers: status (Accepted, Rejected, UnknownMessageId) and optional data. */
  public record Result(String status, JsonNode data) {
  }

  /** One vendor's handler. */
  @FunctionalInterface
  public interface VendorHandler {
    Future<Result> handle(ChargerConnection connection, String messageId, JsonNode data);
  }

  private final Map<String, VendorHandler> handlers = new ConcurrentHashMap<>();

  public DataTransferRegistry register(String vendorId, VendorHandler handler) {
    handlers.put(vendorId, handler);
    return this;
  }

  public Optional<VendorHandler> find(String vendorId) {
    return Optional.ofNullable(handlers.get(vendorId));
  }

  /** Dispatches to the vendor's handler, or answers UnknownVendorId. */
  public Future<Result> handle(ChargerConnection conn, String vendorId, String messageId, JsonNode data) {
    return find(vendorId).map(h -> h.handle(conn, messageId, data))
        .orElseGet(() -> Future.succeededFuture(new Result("UnknownVendorId", null)));
  }
}
