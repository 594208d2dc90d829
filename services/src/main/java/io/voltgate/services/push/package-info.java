/** Web push to drivers' browsers and devices (RFC 8030 with VAPID, RFC 8292, and RFC 8291 payloads). */
package io.voltgate.services.push;
