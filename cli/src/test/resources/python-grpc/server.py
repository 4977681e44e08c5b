"""The Python gRPC server that loadgen's GrpcPythonServerIT loads: grpcio serving echo.proto's pyecho.Echo.

Usage: python3 server.py STUBS_DIR, where STUBS_DIR holds echo_pb2.py and echo_pb2_grpc.py as
grpc_tools.protoc generates them. The server listens on 127.0.0.1 on a port the system chooses and prints
"port N" on stdout once it is serving. It then reads commands on stdin, one a line:

  take   prints one line of JSON, the counts since the last take (or the start), and zeroes them
  quit   stops the server (so does the end of stdin, e.g. when the test's JVM is gone)

The counts, per method that was called: "calls", "received" (request messages read), "sent" (reply messages
handed to grpcio, counted before each is yielded or returned), "statuses" (calls by the status they ended with,
"OK" or a grpc.StatusCode name), "peers" (distinct client addresses, i.e. connections) and, for the client
streaming methods, "received_per_call" (calls by how many messages they carried). A method's counts are
complete when its calls' statuses have been sent, since each is counted before its status leaves.
"""

import json
import sys
import threading
from concurrent import futures

import grpc


class Counts:
    """What the server saw, per method; any thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self._methods = {}

    def _method(self, name):
        method = self._methods.get(name)
        if method is None:
            method = {
                "calls": 0,
                "received": 0,
                "sent": 0,
                "statuses": {},
                "peers": set(),
                "received_per_call": {},
            }
            self._methods[name] = method
        return method

    def call(self, name, peer):
        with self._lock:
            method = self._method(name)
            method["calls"] += 1
            method["peers"].add(peer)

    def received(self, name):
        with self._lock:
            self._method(name)["received"] += 1

    def sent(self, name):
        with self._lock:
            self._method(name)["sent"] += 1

    def ended(self, name, status, messages_received=None):
        with self._lock:
            method = self._method(name)
            method["statuses"][status] = method["statuses"].get(status, 0) + 1
            if messages_received is not None:
                key = str(messages_received)
                per_call = method["received_per_call"]
                per_call[key] = per_call.get(key, 0) + 1

    def take(self):
        with self._lock:
            methods, self._methods = self._methods, {}
        for method in methods.values():
            method["peers"] = len(method["peers"])
        return methods


def servicer_class(echo_pb2_grpc, echo_pb2, counts):
    class Echo(echo_pb2_grpc.EchoServicer):
        def Say(self, request, context):
            counts.call("Say", context.peer())
            counts.received("Say")
            if request.status:
                code = grpc.StatusCode[request.status]
                counts.ended("Say", code.name)
                context.abort(code, request.status_message)
            counts.sent("Say")
            counts.ended("Say", "OK")
            return echo_pb2.EchoReply(text=request.text, index=1)

        def Repeat(self, request, context):
            counts.call("Repeat", context.peer())
            counts.received("Repeat")
            for index in range(1, request.replies + 1):
                counts.sent("Repeat")
                yield echo_pb2.EchoReply(text=request.text, index=index)
            # grpcio asks for the next reply before it sends the status, so this runs before the client hears.
            counts.ended("Repeat", "OK")

        def Collect(self, request_iterator, context):
            counts.call("Collect", context.peer())
            messages = 0
            for _ in request_iterator:
                messages += 1
                counts.received("Collect")
            counts.sent("Collect")
            counts.ended("Collect", "OK", messages)
            return echo_pb2.EchoReply(text="received %d" % messages, index=1)

        def Chat(self, request_iterator, context):
            counts.call("Chat", context.peer())
            messages = 0
            for request in request_iterator:
                messages += 1
                counts.received("Chat")
                counts.sent("Chat")
                yield echo_pb2.EchoReply(text=request.text, index=messages)
            counts.ended("Chat", "OK", messages)

    return Echo


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: server.py STUBS_DIR")
    sys.path.insert(0, sys.argv[1])
    import echo_pb2
    import echo_pb2_grpc

    counts = Counts()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    echo_pb2_grpc.add_EchoServicer_to_server(servicer_class(echo_pb2_grpc, echo_pb2, counts)(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    if port == 0:
        sys.exit("could not bind 127.0.0.1:0")
    server.start()
    print("port %d" % port, flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "take":
            print(json.dumps(counts.take(), sort_keys=True), flush=True)
        elif command == "quit":
            break
        elif command:
            print("unknown command: " + command, file=sys.stderr, flush=True)
    server.stop(None)


if __name__ == "__main__":
    main()
