/** The launcher: composition root of one Voltgate process (roles all, gateway, api). */
package io.voltgate.app;
