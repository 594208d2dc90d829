package io.voltgate.gateway.ocpp.v16;

import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.BootService;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.core.MeterService;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.core.ReservationService;
import io.voltgate.gateway.core.StatusService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ProgressNotifications;
import io.voltgate.gateway.ocpp.Routes;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.redis.LiveStateStore;

/** Every charger-initiated OCPP 1.6 action Voltgate handles. */
public final class V16Routes {

  private V16Routes() {
  }

  public static void register(Routes.Builder routes, BootService boots, StatusService statuses,
      AuthorizationService auth, TransactionService transactions, MeterService meters,
      NotificationService notifications, DataTransferRegistry dataTransfer, LiveStateStore liveState,
      ReservationService reservations) {
    OcppVersion v = OcppVersion.V16;
    routes.route(v, "BootNotification", new BootNotificationHandler(boots))
        .route(v, "Heartbeat", new HeartbeatHandler(liveState))
        .route(v, "StatusNotification", new StatusNotificationHandler(statuses))
        .route(v, "Authorize", new AuthorizeHandler(auth))
        .route(v, "StartTransaction", new StartTransactionHandler(transactions, auth, reservations))
        .route(v, "StopTransaction", new StopTransactionHandler(transactions, auth, meters))
        .route(v, "MeterValues", new MeterValuesHandler(transactions, meters))
        .route(v, "DataTransfer", new DataTransferHandler(dataTransfer))
        .route(v, "FirmwareStatusNotification", ProgressNotifications.firmware(notifications))
        .route(v, "SignedFirmwareStatusNotification", ProgressNotifications.firmware(notifications))
        .route(v, "DiagnosticsStatusNotification", ProgressNotifications.upload(notifications))
        .route(v, "LogStatusNotification", ProgressNotifications.upload(notifications))
        .route(v, "SecurityEventNotification", ProgressNotifications.securityEvent(notifications));
  }
}
