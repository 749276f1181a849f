"""benchmarks/latency_proxy.py, the delay the PostgreSQL benchmarks add per round trip: a real TCP
echo server behind the real proxy process; every byte arrives intact and in order, and a round
trip costs at least the delay each way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROXY = Path(__file__).resolve().parents[2] / "benchmarks" / "latency_proxy.py"


def echo_server() -> tuple[socket.socket, int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(65536):
                    conn.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


def start_proxy(target_port: int, delay_ms: float) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, str(PROXY), "--target", f"127.0.0.1:{target_port}",
                             "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ))
    line = proc.stdout.readline()
    assert line.startswith("LISTENING "), line
    return proc, int(line.split()[1])


def round_trip(sock: socket.socket, payload: bytes) -> tuple[float, bytes]:
    started = time.perf_counter()
    sock.sendall(payload)
    got = b""
    while len(got) < len(payload):
        chunk = sock.recv(65536)
        assert chunk, "the proxy closed the connection"
        got += chunk
    return (time.perf_counter() - started) * 1000, got


def test_the_proxy_delays_each_way_and_keeps_every_byte_in_order():
    server, port = echo_server()
    proc, proxy_port = start_proxy(port, delay_ms=5)
    try:
        with socket.create_connection(("127.0.0.1", proxy_port)) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            times = []
            for n in range(10):
                ms, got = round_trip(sock, f"statement {n}".encode())
                assert got == f"statement {n}".encode()
                times.append(ms)
            assert min(times) >= 10          # 5 ms to the server, 5 ms back
            big = os.urandom(1_000_000)      # many packets: all of them, in order
            _ms, got = round_trip(sock, big)
            assert got == big
    finally:
        proc.kill()
        proc.wait()
        server.close()


def test_without_the_proxy_the_same_round_trip_is_fast():
    """The delay is the proxy's: the echo server itself answers in well under the 10 ms above."""
    server, port = echo_server()
    try:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            times = [round_trip(sock, b"statement")[0] for _ in range(10)]
        assert sorted(times)[5] < 10
    finally:
        server.close()
