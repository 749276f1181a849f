"""A TCP proxy that adds a fixed delay to every packet, each way: an office network or a VPN in front
of a database server on this machine.

    python benchmarks/latency_proxy.py --target 127.0.0.1:5432 [--delay-ms 1] [--listen-port 0]

Prints `LISTENING <port>` once it accepts connections, then forwards until killed. Each chunk read
from one side is written to the other `--delay-ms` after it arrived (chunks keep their order and
are not held up by each other: a stream of packets is delayed, not slowed), so a statement's round
trip costs twice the delay more. run.py's `--added-latency-ms 2` starts it with 1 ms each way.
"""

from __future__ import annotations

import argparse
import asyncio
import time


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay_s: float) -> None:
    queue: asyncio.Queue = asyncio.Queue()

    async def read() -> None:
        try:
            while data := await reader.read(65536):
                queue.put_nowait((time.monotonic() + delay_s, data))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((time.monotonic() + delay_s, b""))

    async def write() -> None:
        try:
            while True:
                due, data = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    await asyncio.gather(read(), write())


async def serve(target_host: str, target_port: int, delay_s: float, listen_port: int = 0) -> None:
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pump(client_reader, server_writer, delay_s),
                             _pump(server_reader, client_writer, delay_s))

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--delay-ms", type=float, default=1.0, help="added to every packet, each way (default 1)")
    parser.add_argument("--listen-port", type=int, default=0, help="0: a free port, printed")
    args = parser.parse_args()
    host, _, port = args.target.rpartition(":")
    try:
        asyncio.run(serve(host or "127.0.0.1", int(port), args.delay_ms / 1000, args.listen_port))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
