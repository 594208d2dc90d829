/** The charging-key partner (EMP) API family, {@code /emp/v1}. */
package io.voltgate.api.emp;
