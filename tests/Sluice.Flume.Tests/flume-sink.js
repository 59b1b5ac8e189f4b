// The outside client of the Flume crash test: what Flume's Avro sink does with its channel, with avsc. Each line of
// standard input is an event put in the channel; events are taken from the channel in batches, sent with
// appendBatch, and removed only once answered OK. A batch answered FAILED, not answered in time, or cut off with its
// connection is sent again, on a new connection once one can be made (as the sink's transaction rolls back).
//   node flume-sink.js AVSC_MODULE_DIR PORT BATCH
// Exits 0 once standard input is closed and every event was answered OK; says on standard error what it resends.
const avro = require(process.argv[2]);
const net = require('net');
const readline = require('readline');

const protocol = require('./avro-source-protocol.js');
const service = avro.Service.forProtocol(protocol);
const port = Number(process.argv[3]);
const batchSize = Number(process.argv[4]);
const channel = [];
let inputClosed = false;

readline.createInterface({input: process.stdin})
  .on('line', (line) => channel.push({headers: {source: 'sink'}, body: Buffer.from(line, 'utf8')}))
  .on('close', () => { inputClosed = true; });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect() {
  return new Promise((resolve) => {
    const socket = net.createConnection({host: '127.0.0.1', port: port});
    socket.once('connect', () => {
      const client = service.createClient({timeout: 5000});
      client.createChannel(socket);
      resolve({socket, client});
    });
    socket.once('error', (error) => { resolve(null); });
  });
}

function appendBatch(client, events) {
  return new Promise((resolve, reject) => {
    client.emitMessage('appendBatch', {events: events}, (error, status) => error ? reject(error) : resolve(status));
  });
}

async function deliver() {
  let connection = null;
  while (channel.length > 0 || !inputClosed) {
    if (channel.length === 0) {
      await sleep(5);
      continue;
    }
    if (connection === null && (connection = await connect()) === null) {
      await sleep(100);
      continue;
    }
    const batch = channel.slice(0, batchSize);
    try {
      const status = await appendBatch(connection.client, batch);
      if (status !== 'OK') {
        throw new Error('answered ' + status);
      }
      channel.splice(0, batch.length);
    } catch (error) {
      console.error('resending ' + batch.length + ' events: ' + (error.message || error));
      connection.socket.destroy();
      connection = null;
      await sleep(100);
    }
  }
  if (connection !== null) {
    connection.socket.end();
  }
  process.exit(0);
}

deliver();
