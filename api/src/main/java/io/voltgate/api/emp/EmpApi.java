package io.voltgate.api.emp;

import io.voltgate.api.family.ApiFamily;

/** The charging-key partner API, {@code /emp/v1}: partners' own emp keys. */
public final class EmpApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKey("emp", "/emp/v1");

  private EmpApi() {
  }
}
