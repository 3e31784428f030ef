"""A flaky link between the browser and the server: a small loopback HTTP/1.1 proxy (h11).

The browser opens the application at the proxy's address, so its own network stack (and the
Chrome DevTools Protocol's emulated conditions) carries every request, the commands included.
The proxy forwards each request to the server and, for a command, reads the server's full answer
(the server has committed it) and then, the first time that command's key is answered, drops the
browser's connection instead of passing the answer on (a reset: the browser sees a network
error). The retry with the same key is passed through: the executor answers it as a replay.

Bounded: at most MAX_CONNECTIONS at once (more are refused), a timeout on every socket, and
`close` stops the listener and every connection and joins their threads.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import h11

MAX_CONNECTIONS = 32
TIMEOUT = 60.0
CHUNK = 65536


@dataclass
class Answer:
    key: str
    path: str
    status: int
    body: dict


@dataclass
class FlakyLink:
    """Between the browser and `upstream`: the first accepted answer of each command is lost."""

    upstream: tuple[str, int]
    is_command: Callable[[str, str], bool]  # (method, path) -> a command whose answer may be lost
    lost: list[Answer] = field(default_factory=list)  # the answers the browser never got
    passed: list[Answer] = field(default_factory=list)  # the commands' answers it got
    _listener: socket.socket = field(init=False, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)
    _sockets: set[socket.socket] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _closed: threading.Event = field(default_factory=threading.Event, repr=False)

    def __post_init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(MAX_CONNECTIONS)
        accepting = threading.Thread(target=self._accept, name="flaky-link", daemon=True)
        accepting.start()
        self._threads.append(accepting)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._closed.set()
        _wake(self._listener)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _wake(sock)
        for thread in self._threads:
            thread.join(timeout=TIMEOUT)
        assert not any(t.is_alive() for t in self._threads), "the flaky link's threads did not stop"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                self._threads[:] = [t for t in self._threads if t.is_alive()]
                if len(self._sockets) >= 2 * MAX_CONNECTIONS:
                    _reset(client)
                    continue
                self._sockets.add(client)
                worker = threading.Thread(target=self._serve, args=(client,), name="flaky-link-conn", daemon=True)
                self._threads.append(worker)
            worker.start()

    def _serve(self, client: socket.socket) -> None:
        server = socket.create_connection(self.upstream, timeout=TIMEOUT)
        client.settimeout(TIMEOUT)
        with self._lock:
            self._sockets.add(server)
        inbound, outbound = h11.Connection(h11.SERVER), h11.Connection(h11.CLIENT)
        try:
            while not self._closed.is_set():
                request = _read_message(inbound, client)
                if request is None:
                    return
                head, body = request
                server.sendall(outbound.send(h11.Request(method=head.method, target=head.target,
                                                         headers=head.headers)))
                server.sendall(outbound.send(h11.Data(data=body)) + outbound.send(h11.EndOfMessage()))
                answer = _read_message(outbound, server)
                assert answer is not None, "the server closed the connection without an answer"
                response, content = answer
                if self._drops(head, body, response, content):
                    _reset(client)
                    return
                # One request per connection: a browser resends by itself a request whose reused
                # keep-alive connection dropped, and the page would never see the loss.
                headers = [(k, v) for k, v in response.headers if k.lower() != b"connection"]
                client.sendall(inbound.send(h11.Response(status_code=response.status_code, reason=response.reason,
                                                         headers=[*headers, (b"connection", b"close")])))
                client.sendall(inbound.send(h11.Data(data=content)) + inbound.send(h11.EndOfMessage()))
                if inbound.our_state is not h11.DONE or outbound.our_state is not h11.DONE:
                    return
                if inbound.their_state is not h11.DONE or outbound.their_state is not h11.DONE:
                    return
                inbound.start_next_cycle()
                outbound.start_next_cycle()
        except (OSError, h11.ProtocolError):
            return
        finally:
            with self._lock:
                self._sockets.discard(client)
                self._sockets.discard(server)
            client.close()
            server.close()

    def _drops(self, head: h11.Request, body: bytes, response: h11.Response, content: bytes) -> bool:
        """The first accepted answer of each command's key is lost; the rest pass."""
        method, path = head.method.decode(), urlsplit(head.target.decode()).path
        if not self.is_command(method, path):
            return False
        key = parse_qs(body.decode())["idempotency_key"][0]
        answer = Answer(key, path, response.status_code, json.loads(content or b"{}"))
        with self._lock:
            first = response.status_code == 200 and all(a.key != key for a in self.lost)
            (self.lost if first else self.passed).append(answer)
        return first


def _read_message(connection: h11.Connection, sock: socket.socket) -> tuple | None:
    """One whole request or answer from the socket: its head and its body (None: closed)."""
    head, body = None, bytearray()
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            data = sock.recv(CHUNK)
            connection.receive_data(data)
            continue
        if isinstance(event, h11.ConnectionClosed):
            return None
        if isinstance(event, (h11.Request, h11.Response)):
            head = event
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            return head, bytes(body)


def _wake(sock: socket.socket) -> None:
    """Shut a socket down, so a thread blocked on it (accept, recv) returns."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _reset(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0), as a dropped link looks to the other side."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
