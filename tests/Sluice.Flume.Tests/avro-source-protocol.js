// Flume's AvroSourceProtocol, as its Avro IDL defines it, for the Flume tests' outside clients.
module.exports = {
  protocol: 'AvroSourceProtocol', namespace: 'org.apache.flume.source.avro',
  types: [
    {type: 'enum', name: 'Status', symbols: ['OK', 'FAILED', 'UNKNOWN']},
    {type: 'record', name: 'AvroFlumeEvent', fields: [{name: 'headers', type: {type: 'map', values: 'string'}}, {name: 'body', type: 'bytes'}]},
  ],
  messages: {
    append: {request: [{name: 'event', type: 'AvroFlumeEvent'}], response: 'Status'},
    appendBatch: {request: [{name: 'events', type: {type: 'array', items: 'AvroFlumeEvent'}}], response: 'Status'},
  },
};
