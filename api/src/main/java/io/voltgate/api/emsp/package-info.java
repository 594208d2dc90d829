/** The driver (eMSP) API family, {@code /emsp/v1}: its endpoint groups and how they are registered. */
package io.voltgate.api.emsp;
