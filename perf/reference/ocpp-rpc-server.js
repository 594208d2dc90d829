#!/usr/bin/env node
// Reference OCPP server for perf/compare: the npm package ocpp-rpc (2.2.1) in strict mode, answering
// every charger-initiated CALL of OCPP 1.6 and 2.0.1 with a schema-valid result and storing nothing.
// It is a yardstick for Voltgate, not part of the product; perf/bench installs ocpp-rpc under
// perf/target/reference (see docs/performance.md).
//
//   node perf/reference/ocpp-rpc-server.js [--host=127.0.0.1] [--port=0] [--path=/ocpp]
//        [--heartbeat-interval=300] [--ping-interval=60] [--backlog=4096]
//
// Every option can also come from the environment: REF_HOST, REF_PORT, REF_PATH,
// REF_HEARTBEAT_INTERVAL_S, REF_WS_PING_INTERVAL_S, REF_BACKLOG; the intervals fall back to Voltgate's
// own VOLTGATE_HEARTBEAT_INTERVAL_S / VOLTGATE_WS_PING_INTERVAL_S and then to Voltgate's defaults
// (300 s, 60 s). Port 0 lets the OS choose; the chosen one is printed as "listening on HOST:PORT".
// Chargers connect to ws://HOST:PORT{path}/{chargePointId} offering ocpp1.6 or ocpp2.0.1.
//
// Besides the WebSocket endpoint the same port answers GET /health/ready (200), GET /metrics
// (Prometheus text: connections, CALLs by action, strict-mode validation failures, Node heap) and
// GET /gc (a full GC when Node runs with --expose-gc). SIGTERM/SIGINT close every socket with 1012
// and exit after printing the counters.
'use strict';

const http = require('node:http');
const path = require('node:path');
const { createRequire } = require('node:module');

// ocpp-rpc comes from NODE_PATH, or from the prefix perf/bench installs it into.
function ocppRpcRequire() {
  try {
    require.resolve('ocpp-rpc');
    return require;
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    return createRequire(path.resolve(__dirname, '..', 'target', 'reference', 'package.json'));
  }
}
const load = ocppRpcRequire();
const { RPCServer, createRPCError } = load('ocpp-rpc');
const ocppRpcVersion = load('ocpp-rpc/package.json').version;

// ------------------------------------------------------------------ options
function option(name, envNames, fallback) {
  const flag = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(flag));
  if (arg !== undefined) return arg.slice(flag.length);
  for (const env of envNames) {
    if (process.env[env] !== undefined && process.env[env] !== '') return process.env[env];
  }
  return fallback;
}
function intOption(name, envNames, fallback, min, max) {
  const raw = option(name, envNames, String(fallback));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`reference: --${name} must be an integer in ${min}..${max}, got ${raw}`);
    process.exit(2);
  }
  return n;
}
for (const a of process.argv.slice(2)) {
  if (!/^--(host|port|path|heartbeat-interval|ping-interval|backlog)=/.test(a)) {
    console.error(`reference: unknown argument ${a}`);
    process.exit(2);
  }
}
const host = option('host', ['REF_HOST'], '127.0.0.1');
const port = intOption('port', ['REF_PORT'], 0, 0, 65535);
const pathPrefix = option('path', ['REF_PATH'], '/ocpp').replace(/\/+$/, '');
const heartbeatIntervalS = intOption('heartbeat-interval',
  ['REF_HEARTBEAT_INTERVAL_S', 'VOLTGATE_HEARTBEAT_INTERVAL_S'], 300, 1, 86400);
const pingIntervalS = intOption('ping-interval', ['REF_WS_PING_INTERVAL_S', 'VOLTGATE_WS_PING_INTERVAL_S'], 60, 0, 86400);
const backlog = intOption('backlog', ['REF_BACKLOG'], 4096, 1, 65535);

// ------------------------------------------------------------------ counters
const counters = {
  open: 0,
  accepted: 0,
  closed: 0,
  rejected: 0, // upgrades refused by this server (wrong path, no identity)
  aborted: 0, // upgrades that ended before the WebSocket existed (all causes)
  calls: new Map(), // "protocol action" -> answered CALLs
  notImplemented: 0,
  strictInbound: 0, // CALLs that failed the request schema (answered with a CALLERROR by ocpp-rpc)
  strictOutbound: 0, // our answers that failed the response schema (sent as InternalError)
  callErrorsSent: 0, // CALLERRORs answered, whatever the cause (strict-mode rejections included)
};
const strictSamples = [];

function countCall(protocol, action) {
  const key = `${protocol} ${action}`;
  counters.calls.set(key, (counters.calls.get(key) || 0) + 1);
}

// ------------------------------------------------------------------ answers
let nextTransactionId = 1;
const now = () => new Date().toISOString();
const accepted = { status: 'Accepted' };

// Charger-initiated actions of OCPP 1.6 (with the security whitepaper's additions, which the 1.6
// schemas of ocpp-rpc include). Each returns the CALLRESULT payload.
const answers16 = {
  BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: heartbeatIntervalS }),
  Heartbeat: () => ({ currentTime: now() }),
  StatusNotification: () => ({}),
  Authorize: () => ({ idTagInfo: accepted }),
  StartTransaction: () => ({ transactionId: nextTransactionId++, idTagInfo: accepted }),
  StopTransaction: (p) => (p.idTag !== undefined ? { idTagInfo: accepted } : {}),
  MeterValues: () => ({}),
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
  DiagnosticsStatusNotification: () => ({}),
  FirmwareStatusNotification: () => ({}),
  LogStatusNotification: () => ({}),
  SecurityEventNotification: () => ({}),
  SignedFirmwareStatusNotification: () => ({}),
  SignCertificate: () => ({ status: 'Rejected' }),
};

// Charger-initiated actions of OCPP 2.0.1.
const answers201 = {
  BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: heartbeatIntervalS }),
  Heartbeat: () => ({ currentTime: now() }),
  StatusNotification: () => ({}),
  Authorize: () => ({ idTokenInfo: accepted }),
  TransactionEvent: (p) => (p.idToken !== undefined ? { idTokenInfo: accepted } : {}),
  MeterValues: () => ({}),
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
  ClearedChargingLimit: () => ({}),
  FirmwareStatusNotification: () => ({}),
  Get15118EVCertificate: () => ({ status: 'Failed', exiResponse: '' }),
  GetCertificateStatus: () => ({ status: 'Failed' }),
  LogStatusNotification: () => ({}),
  NotifyChargingLimit: () => ({}),
  NotifyCustomerInformation: () => ({}),
  NotifyDisplayMessages: () => ({}),
  NotifyEVChargingNeeds: () => ({ status: 'Rejected' }),
  NotifyEVChargingSchedule: () => ({ status: 'Rejected' }),
  NotifyEvent: () => ({}),
  NotifyMonitoringReport: () => ({}),
  NotifyReport: () => ({}),
  PublishFirmwareStatusNotification: () => ({}),
  ReportChargingProfiles: () => ({}),
  ReservationStatusUpdate: () => ({}),
  SecurityEventNotification: () => ({}),
  SignCertificate: () => ({ status: 'Rejected' }),
};

const answersByProtocol = { 'ocpp1.6': answers16, 'ocpp2.0.1': answers201 };

// One wildcard handler per connection (cheaper than a handler per action and per connection).
function onCall(client, { method, params }) {
  const table = answersByProtocol[client.protocol];
  const answer = table && Object.prototype.hasOwnProperty.call(table, method) ? table[method] : undefined;
  if (answer === undefined) {
    counters.notImplemented++;
    throw createRPCError('NotImplemented', `the reference server does not handle ${method}`);
  }
  countCall(client.protocol, method);
  return answer(params || {});
}

// ------------------------------------------------------------------ server
const protocols = ['ocpp1.6', 'ocpp2.0.1'];
const rpc = new RPCServer({
  protocols,
  strictMode: true,
  pingIntervalMs: pingIntervalS * 1000,
  // This server never calls the chargers, so one outbound CALL in flight (the default) is plenty.
  callConcurrency: 1,
});

rpc.auth((accept, reject, handshake) => {
  if (handshake.endpoint !== pathPrefix || handshake.identity === '') {
    counters.rejected++;
    reject(404, 'Not found');
    return;
  }
  if (!protocols.some((p) => handshake.protocols.has(p))) {
    counters.rejected++;
    reject(400, 'offer ocpp1.6 or ocpp2.0.1 as the WebSocket subprotocol');
    return;
  }
  // No storage: every identity and every Basic password is accepted (no security profile enforced).
  accept();
});

rpc.on('upgradeAborted', () => {
  counters.aborted++;
});

rpc.on('client', (client) => {
  counters.open++;
  counters.accepted++;
  client.handle((call) => onCall(client, call));
  client.on('strictValidationFailure', (ev) => {
    if (ev.outbound) counters.strictOutbound++;
    else counters.strictInbound++;
    if (strictSamples.length < 20) {
      strictSamples.push(`${client.protocol} ${ev.method} ${ev.outbound ? 'answer' : 'call'}: ${ev.error && ev.error.message}`);
    }
  });
  client.on('callError', (ev) => {
    if (!ev.outbound) counters.callErrorsSent++;
  });
  client.once('close', () => {
    counters.open--;
    counters.closed++;
  });
});

rpc.on('error', (err) => console.error(`reference: server error: ${err && err.message}`));

function metricsText() {
  const lines = [
    '# TYPE reference_connections_open gauge',
    `reference_connections_open ${counters.open}`,
    `reference_connections_accepted_total ${counters.accepted}`,
    `reference_connections_closed_total ${counters.closed}`,
    `reference_upgrades_rejected_total ${counters.rejected}`,
    `reference_upgrades_aborted_total ${counters.aborted}`,
    `reference_calls_not_implemented_total ${counters.notImplemented}`,
    `reference_callerrors_sent_total ${counters.callErrorsSent}`,
    `reference_strict_validation_failures_total{direction="inbound"} ${counters.strictInbound}`,
    `reference_strict_validation_failures_total{direction="outbound"} ${counters.strictOutbound}`,
  ];
  for (const [key, n] of counters.calls) {
    const [protocol, action] = key.split(' ');
    lines.push(`reference_calls_total{protocol="${protocol}",action="${action}"} ${n}`);
  }
  const mem = process.memoryUsage();
  lines.push(`nodejs_heap_used_bytes ${mem.heapUsed}`, `process_resident_memory_bytes ${mem.rss}`);
  return lines.join('\n') + '\n';
}

const httpServer = http.createServer((req, res) => {
  const url = (req.url || '/').split('?')[0];
  if (req.method === 'GET' && url === '/health/ready') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ready\n');
  } else if (req.method === 'GET' && url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsText());
  } else if (req.method === 'GET' && url === '/gc') {
    if (typeof global.gc === 'function') {
      global.gc();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('gc\n');
    } else {
      res.writeHead(501, { 'content-type': 'text/plain' }).end('start node with --expose-gc\n');
    }
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
});
httpServer.on('upgrade', rpc.handleUpgrade);
httpServer.on('error', (err) => {
  console.error(`reference: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
httpServer.listen({ host, port, backlog }, () => {
  const a = httpServer.address();
  console.log(`reference: ocpp-rpc ${ocppRpcVersion} (${path.dirname(load.resolve('ocpp-rpc'))}) strictMode, protocols ocpp1.6 ocpp2.0.1, heartbeat interval ${heartbeatIntervalS} s,`
    + ` ping ${pingIntervalS} s, path ${pathPrefix}/{id}`);
  console.log(`reference: listening on ${a.address}:${a.port}`);
});

function summary() {
  const calls = [...counters.calls].map(([k, n]) => `${k}=${n}`).join(', ') || 'none';
  return `reference: connections accepted ${counters.accepted}, open ${counters.open}, closed ${counters.closed};`
    + ` upgrades rejected ${counters.rejected}, aborted ${counters.aborted}; CALLs answered: ${calls};`
    + ` CALLERRORs sent ${counters.callErrorsSent} (NotImplemented ${counters.notImplemented}); strict-mode failures: inbound ${counters.strictInbound},`
    + ` outbound ${counters.strictOutbound}`
    + (strictSamples.length ? `\nreference: first strict-mode failures:\n  ${strictSamples.join('\n  ')}` : '');
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`reference: ${signal}: closing ${counters.open} connection(s)`);
  console.log(summary());
  const force = setTimeout(() => process.exit(0), 10000);
  force.unref();
  try {
    await rpc.close({ code: 1012, reason: 'shutdown', awaitPending: false });
  } catch (e) {
    console.error(`reference: close: ${e && e.message}`);
  }
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
