package io.voltgate.store.model;

/** What a charger says about itself when it boots (both OCPP versions map onto this). */
public record BootInfo(
    String vendor,
    String model,
    String serialNumber,
    String chargeBoxSerialNumber,
    String firmwareVersion,
    String iccid,
    String imsi,
    String meterType,
    String meterSerialNumber,
    String reason,
    String ocppVersion) {
}
