package io.voltgate.services.drivers;

/**
 * What a driver gives to register: e-mail, password and names are required, the rest optional.
 * {@link DriverAccounts#register} validates it (a {@code Refusal} naming the field).
 */
public record DriverRegistration(String email, String password, String firstName, String lastName,
    String phoneNumber, String address, String city, String state, String postalCode, String country) {

  /** The required fields only. */
  public static DriverRegistration of(String email, String password, String firstName, String lastName) {
    return new DriverRegistration(email, password, firstName, lastName, null, null, null, null, null, null);
  }
}
