"""A small HTTP load generator for machines without wrk: N connections GET one URL as fast as answered.

    python -m bench.load URL [--duration 10] [--connections 16] [--data 'email=a%40b.pl']

With --data it POSTs that form body instead. Prints one JSON line: requests, requests_per_second, p50_ms,
p99_ms, errors (answers other than 2xx and 3xx, refused or
broken connections). Every request opens its own connection (gunicorn's sync workers close each one anyway),
reads the whole answer and checks its status. One epoll loop over plain sockets in one process: it costs
a few tens of microseconds of CPU per request, shared with the server on the same machine, as wrk's are.
"""

import argparse
import errno
import json
import selectors
import socket
import time
from urllib.parse import urlsplit


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0.0


def run(
    url: str, *, duration: float, connections: int, headers: dict[str, str] | None = None, data: str = ""
) -> dict:
    """Keep `connections` requests in flight for `duration` seconds (an epoll loop over plain sockets)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    method = "POST" if data else "GET"
    lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines.append("User-Agent: bench.load")
    if data:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(data.encode())}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    request = ("\r\n".join(lines) + "\r\n\r\n" + data).encode()
    address = (parts.hostname, parts.port)
    selector = selectors.DefaultSelector()
    latencies: list[float] = []
    errors = 0

    def start() -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        code = sock.connect_ex(address)
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            raise OSError(code, "connect failed")
        # state: [started, sent, received chunks]
        selector.register(sock, selectors.EVENT_WRITE, [time.perf_counter(), False, []])

    started = time.perf_counter()
    deadline = started + duration
    for _ in range(connections):
        start()
    while selector.get_map():
        for key, _mask in selector.select(timeout=10):
            sock, state = key.fileobj, key.data
            try:
                if not state[1]:
                    sock.sendall(request)
                    state[1] = True
                    selector.modify(sock, selectors.EVENT_READ, state)
                    continue
                chunk = sock.recv(65536)
            except OSError:
                chunk, state[2] = b"", [b"broken"]
            if chunk:
                state[2].append(chunk)
                continue
            selector.unregister(sock)
            sock.close()
            answer = b"".join(state[2])
            if answer[9:10] in (b"2", b"3"):
                latencies.append((time.perf_counter() - state[0]) * 1000)
            else:
                errors += 1
            if time.perf_counter() < deadline:
                start()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "requests_per_second": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    parser.add_argument("--data", default="", help="a form body to POST (GET without it)")
    arguments = parser.parse_args(argv)
    headers = dict(header.split(": ", 1) for header in arguments.header)
    figures = run(
        arguments.url,
        duration=arguments.duration,
        connections=arguments.connections,
        headers=headers,
        data=arguments.data,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
