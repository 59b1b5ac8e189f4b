// The outside client of the Flume tests: sends each line of standard input as an event to AvroSourceProtocol over
// Avro RPC with Netty framing, as Flume's Avro sink does, with avsc (a stateful channel on one connection).
//   node flume-send.js AVSC_MODULE_DIR PORT append|batch:N [hex]   (hex: each line is an event's body in hex)
// Prints each call's status (OK, FAILED) on a line; exits 1 if a call failed or errored.
const avro = require(process.argv[2]);
const net = require('net');
const readline = require('readline');

const protocol = require('./avro-source-protocol.js');
const port = Number(process.argv[3]);
const mode = process.argv[4];
const hex = process.argv[5] === 'hex';
const batchSize = mode.startsWith('batch:') ? Number(mode.slice(6)) : 1;
const client = avro.Service.forProtocol(protocol).createClient();
const socket = net.createConnection({host: '127.0.0.1', port: port});
let failed = false;
let index = 0;
let pending = [];
let calls = Promise.resolve();

function send(events) {
  calls = calls.then(() => new Promise((resolve) => {
    const name = mode === 'append' ? 'append' : 'appendBatch';
    const request = mode === 'append' ? {event: events[0]} : {events: events};
    client.emitMessage(name, request, (error, status) => {
      if (error) {
        console.log('ERROR ' + error.message);
        failed = true;
      } else {
        console.log(status);
        failed = failed || status !== 'OK';
      }
      resolve();
    });
  }));
}

socket.on('connect', () => {
  client.createChannel(socket);
  const lines = readline.createInterface({input: process.stdin});
  lines.on('line', (line) => {
    pending.push({headers: {source: 'avsc', index: String(index++)}, body: Buffer.from(line, hex ? 'hex' : 'utf8')});
    if (pending.length >= batchSize) {
      send(pending);
      pending = [];
    }
  });
  lines.on('close', () => {
    if (pending.length > 0) {
      send(pending);
    }
    calls.then(() => { socket.end(); process.exit(failed ? 1 : 0); });
  });
});
socket.on('error', (error) => { console.log('ERROR ' + error.message); process.exit(1); });
