/** API keys, scopes and request authentication. */
package io.voltgate.api.auth;
