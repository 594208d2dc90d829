/** The OpenAPI document, generated from the route declarations. */
package io.voltgate.api.openapi;
