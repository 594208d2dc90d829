package io.voltgate.gateway.ocpp.v201;

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
import io.voltgate.gateway.ocpp.v16.DataTransferHandler;
import io.voltgate.gateway.ocpp.v16.HeartbeatHandler;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.redis.LiveStateStore;

/** Every charger-initiated OCPP 2.0.1 action Voltgate handles. */
public final class V201Routes {

  private V201Routes() {
  }

  public static void register(Routes.Builder routes, BootService boots, StatusService statuses,
      AuthorizationService auth, TransactionService transactions, MeterService meters,
      NotificationService notifications, DataTransferRegistry dataTransfer, LiveStateStore liveState,
      ChargerRepository chargers, ReservationService reservations) {
    OcppVersion v = OcppVersion.V201;
    routes.route(v, "BootNotification", new BootNotificationHandler(boots))
        .route(v, "Heartbeat", new HeartbeatHandler(liveState))
        .route(v, "StatusNotification", new StatusNotificationHandler(statuses))
        .route(v, "Authorize", new AuthorizeHandler(auth))
        .route(v, "TransactionEvent", new TransactionEventHandler(transactions, auth, meters, reservations))
        .route(v, "MeterValues", new MeterValuesHandler(transactions, meters))
        .route(v, "NotifyReport", new NotifyReportHandler(chargers))
        .route(v, "DataTransfer", new DataTransferHandler(dataTransfer))
        .route(v, "NotifyEvent", new EventLogHandler(notifications, EventType.CHARGER_EVENT))
        .route(v, "NotifyChargingLimit", new EventLogHandler(notifications, EventType.CHARGING_LIMIT))
        .route(v, "ClearedChargingLimit", new EventLogHandler(notifications, EventType.CHARGING_LIMIT_CLEARED))
        .route(v, "ReservationStatusUpdate", new ReservationStatusUpdateHandler(reservations, notifications))
        .route(v, "FirmwareStatusNotification", ProgressNotifications.firmware(notifications))
        .route(v, "LogStatusNotification", ProgressNotifications.upload(notifications))
        .route(v, "SecurityEventNotification", ProgressNotifications.securityEvent(notifications));
  }
}
