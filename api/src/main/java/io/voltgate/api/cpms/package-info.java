/** The operator API, {@code /cpms/v1}. */
package io.voltgate.api.cpms;
