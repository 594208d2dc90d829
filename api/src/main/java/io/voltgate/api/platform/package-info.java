/**
 * The platform administration API ({@code /platform/v1}): what spans tenants, such as creating and
 * managing networks. Every endpoint requires {@code platform:admin}, which only an unrestricted key
 * can hold.
 */
package io.voltgate.api.platform;
