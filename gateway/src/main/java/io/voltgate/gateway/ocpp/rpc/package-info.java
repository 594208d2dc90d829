/** OCPP-J RPC framing: frames, codec, error codes. */
package io.voltgate.gateway.ocpp.rpc;
