"""Socket work as sample-task steps: connect, send and receive without blocking the loop.

Plain and TLS sockets alike: a TLS socket that needs the network raises
SSLWantReadError or SSLWantWriteError where a plain one raises BlockingIOError. `ssl`
itself is imported only by whoever makes a TLS context.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import time
from typing import TYPE_CHECKING

from agent.net.address import Address, resolve_steps
from agent.net.steps import Readable, Steps, Writable

if TYPE_CHECKING:
    import ssl

RECEIVE_BYTES = 64 * 1024
_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN}
if hasattr(errno, "WSAEWOULDBLOCK"):  # Windows answers a non-blocking connect with this
    _IN_PROGRESS.add(errno.WSAEWOULDBLOCK)


def open_to(host: str, port: int, context: ssl.SSLContext | None) -> Steps:
    """Return a socket connected to `host`:`port`, in TLS for `host` when `context` is given."""
    addresses = yield from resolve_steps(host, port, socket.SOCK_STREAM)
    sock, _ = yield from connect(addresses)
    if context is None:
        return sock
    return (yield from handshake(sock, context, host))


def connect(addresses: list[Address]) -> Steps:
    """Connect to each address in turn until one accepts; return (socket, seconds taken).

    The last address's failure is raised when none accepts.
    """
    failure: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return (yield from connect_one(address))
        except TimeoutError:
            raise
        except OSError as err:
            failure = err
    raise failure


def connect_one(address: Address) -> Steps:
    """Connect a non-blocking socket to `address`; return (socket, seconds the handshake took)."""
    sock = socket.socket(address.family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        started = time.perf_counter()
        code = sock.connect_ex(address.sockaddr)
        if code in _IN_PROGRESS:
            yield Writable(sock)
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            raise OSError(code, os.strerror(code))
        return sock, time.perf_counter() - started
    except BaseException:
        sock.close()
        raise


def send_all(sock: socket.socket, data: bytes) -> Steps:
    """Send all of `data`, waiting whenever the socket's buffer is full."""
    view = memoryview(data)
    while view:
        try:
            view = view[sock.send(view) :]
        except OSError as err:
            yield _waiting(err, Writable(sock))


def receive(sock: socket.socket) -> Steps:
    """Return the next bytes `sock` receives (b"" once its peer has closed)."""
    while True:
        try:
            return sock.recv(RECEIVE_BYTES)
        except OSError as err:
            yield _waiting(err, Readable(sock))


def handshake(sock: socket.socket, context: ssl.SSLContext, host: str) -> Steps:
    """Return `sock` wrapped in TLS for `host` once the handshake, without blocking, is done."""
    tls = context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    try:
        while True:
            try:
                tls.do_handshake()
                return tls
            except OSError as err:  # SSLWantRead/WriteError: wait; any other error: raised
                yield _waiting(err, Readable(tls))
    except BaseException:
        tls.close()
        raise


def _waiting(err: OSError, blocked: Readable | Writable) -> Readable | Writable:
    """Return the wait that `err` asks for (`blocked` for a plain would-block), else raise it."""
    if isinstance(err, BlockingIOError | InterruptedError):
        return blocked
    ssl = sys.modules.get("ssl")  # loaded whenever a TLS socket exists
    if ssl is not None and isinstance(err, ssl.SSLWantReadError):
        return Readable(blocked.sock)
    if ssl is not None and isinstance(err, ssl.SSLWantWriteError):
        return Writable(blocked.sock)
    raise err
