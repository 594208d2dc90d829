/** HTTP conventions shared by every API family: envelope, errors, pagination, validation. */
package io.voltgate.api.http;
