/**
 * What makes an API family: its routes declared as data ({@code ApiRoutes}) behind the family's own
 * authentication (a handler that puts the caller on the context before the body is read), scope
 * check and handlers. The HTTP conventions below it ({@code api.http}) know nothing of keys.
 */
package io.voltgate.api.family;
