package io.voltgate.api.security;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the served OpenAPI document, as the security suites need it: method, path
 * template, required scope ({@code x-scope}), the name of its request-body schema, if any, and on a
 * family with driver tokens who may call it ({@code x-callers}: KEY, DRIVER, KEY_OR_DRIVER, ANY_KEY).
 * Reading the served document (not the route declarations) means a new endpoint is covered as soon
 * as it is published.
 */
record DocumentedOperation(String method, String path, String scope, String bodySchema, String callers) {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");
  private static final String SCHEMA_REF = "#/components/schemas/";

  /** Every operation of the document, reads first and deletions last (see the isolation suite). */
  static List<DocumentedOperation> all(JsonObject openApi) {
    List<DocumentedOperation> out = new ArrayList<>();
    JsonObject paths = openApi.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        String ref = op.getJsonObject("requestBody") == null ? null : op.getJsonObject("requestBody")
            .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema").getString("$ref");
        out.add(new DocumentedOperation(method.toUpperCase(Locale.ROOT), path, op.getString("x-scope"),
            ref == null ? null : ref.substring(SCHEMA_REF.length()), op.getString("x-callers", "KEY")));
      }
    }
    out.sort(Comparator.comparing((DocumentedOperation o) -> o.method().equals("DELETE"))
        .thenComparing(DocumentedOperation::path).thenComparing(DocumentedOperation::method));
    return out;
  }

  /** The path parameter names in order. */
  List<String> pathParams() {
    List<String> names = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The path segment naming the resource of a parameter: {@code /tariffs/assignments/{assignmentId}} → assignments. */
  String resourceOf(String param) {
    String[] segments = path.split("/");
    for (int i = 1; i < segments.length; i++) {
      if (segments[i].equals("{" + param + "}")) {
        return segments[i - 1];
      }
    }
    throw new IllegalArgumentException(param + " is not a parameter of " + path);
  }

  /** What fills a saved card's id ({@code /payments/methods/{id}}): a provider's id, never a network's resource. */
  static final String PROVIDER_CARD_ID = "pm_card_of_no_network";

  /** Whether the parameter is a payment provider's card id (filled with {@link #PROVIDER_CARD_ID}). */
  boolean namesProviderCard(String param) {
    return path.startsWith("/emsp/v1/payments/") && "methods".equals(resourceOf(param));
  }

  /**
   * A payment operation other than the configuration. Voltgate ships no payment provider
   * (docs/emsp.md, "Money"), so these answer every authorised caller 409 payments_not_enabled,
   * before any id or paging is looked at: the id and paging checks do not apply to them (their
   * authentication and scope checks do; EmspMoneyApiTest checks the refusal).
   */
  boolean refusedWithoutPaymentProvider() {
    return path.startsWith("/emsp/v1/payments/") && !path.endsWith("/config");
  }

  /** The path with each parameter replaced as the function says. */
  String fill(java.util.function.Function<String, String> valueOf) {
    Matcher m = PATH_PARAM.matcher(path);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(valueOf.apply(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** An operation of the platform administrator (networks, pending chargers): no network key may call it. */
  boolean isPlatform() {
    return io.voltgate.api.auth.Scopes.PLATFORM_ADMIN.equals(scope);
  }

  /** The API family of the operation: the first path segment ({@code /emsp/v1/...} → emsp). */
  String family() {
    return path.split("/")[1];
  }

  /** An operation of the operator API or the platform API: both take operator (cpms) keys. */
  boolean takesOperatorKeys() {
    return family().equals("cpms") || family().equals("platform");
  }

  boolean isRead() {
    return method.equals("GET");
  }

  boolean hasBody() {
    return bodySchema != null;
  }

  /** The last segment of a path without parameters: {@code /cpms/v1/chargers} → chargers. */
  String lastSegment() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
