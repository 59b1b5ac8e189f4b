# The outside AMQP client of the RabbitMQ tests, on pika (Debian's python3-pika):
#   amqp-client.py PORT declare QUEUE classic|stream|segmented-stream|small-stream
#     (segmented-stream: 500-byte segments, each after the first starting with an offset that holds no message;
#     small-stream: the same, of which retention keeps about 2 kB)
#   amqp-client.py PORT publish QUEUE          publishes each line of standard input as a message, confirmed
#   amqp-client.py PORT publish-hex QUEUE HEX  publishes one message of raw bytes
import sys
import pika

port, command, queue = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connection = pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', port))
channel = connection.channel()
if command == 'declare':
    kind = sys.argv[4]
    arguments = {'x-queue-type': 'stream'} if kind == 'stream' else None
    if kind in ('segmented-stream', 'small-stream'):
        arguments = {'x-queue-type': 'stream', 'x-stream-max-segment-size-bytes': 500}
    if kind == 'small-stream':
        arguments['x-max-length-bytes'] = 2000
    channel.queue_declare(queue, durable=True, arguments=arguments)
else:
    channel.confirm_delivery()
    bodies = [bytes.fromhex(sys.argv[4])] if command == 'publish-hex' else (line.rstrip('\n').encode() for line in sys.stdin)
    for body in bodies:
        channel.basic_publish('', queue, body, pika.BasicProperties(delivery_mode=2, headers={'source': 'pika'}))
connection.close()
