# The outside AMQP client of the RabbitMQ tests, on pika (Debian's python3-pika):
#   amqp-client.py PORT declare QUEUE classic|stream
#   amqp-client.py PORT publish QUEUE          publishes each line of standard input as a message, confirmed
#   amqp-client.py PORT publish-hex QUEUE HEX  publishes one message of raw bytes
import sys
import pika

port, command, queue = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connection = pika.BlockingConnection(pika.ConnectionParameters('127.0.0.1', port))
channel = connection.channel()
if command == 'declare':
    arguments = {'x-queue-type': 'stream'} if sys.argv[4] == 'stream' else None
    channel.queue_declare(queue, durable=True, arguments=arguments)
else:
    channel.confirm_delivery()
    bodies = [bytes.fromhex(sys.argv[4])] if command == 'publish-hex' else (line.rstrip('\n').encode() for line in sys.stdin)
    for body in bodies:
        channel.basic_publish('', queue, body, pika.BasicProperties(delivery_mode=2, headers={'source': 'pika'}))
connection.close()
