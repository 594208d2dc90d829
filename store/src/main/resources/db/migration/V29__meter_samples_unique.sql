-- A meter sample is stored once: the retry of a MeterValues whose answer was lost (the answer now
-- waits for the commit) inserts nothing new. Its key is what identifies a reading in OCPP 1.6 and
-- 2.0.1: the charger, the time it was sampled, the EVSE, the measurand and its phase, location and
-- context (an absent one equal to another absent one). Leading with (charger_id, sampled_at) the
-- index also serves the per-charger reads the old (charger_id, sampled_at DESC) index did.

DELETE FROM meter_samples a USING meter_samples b
 WHERE a.id > b.id
   AND a.charger_id = b.charger_id AND a.sampled_at = b.sampled_at AND a.evse_id = b.evse_id
   AND a.measurand = b.measurand AND a.phase IS NOT DISTINCT FROM b.phase
   AND a.location IS NOT DISTINCT FROM b.location AND a.context IS NOT DISTINCT FROM b.context;

CREATE UNIQUE INDEX meter_samples_reading_idx ON meter_samples
  (charger_id, sampled_at, evse_id, measurand, phase, location, context) NULLS NOT DISTINCT;

DROP INDEX meter_samples_charger_idx;
