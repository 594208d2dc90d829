/** OCPP 1.6 and 2.0.1 JSON schemas and the registry that compiles them once. */
package io.voltgate.schemas;
