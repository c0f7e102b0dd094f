"""The HTTP load driver: concurrent clients, a warm-up left out, latencies by nearest rank.

It runs in the benchmark's own process, never in the server's: the server's workers are
separate processes started by ``bench.server``. Each client is a thread with its own
connection; gunicorn's sync workers close it after every response, as in production, and
``http.client`` opens a new one for the next request.
"""

from __future__ import annotations

import http.client
import json
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What an operation asks for: method, path, body (JSON or None) and extra headers.
Call = tuple[str, str, dict[str, Any] | None, dict[str, str]]
# Builds the next call from a client's own random generator.
Maker = Callable[[random.Random], Call]


def nearest_rank(values: list[float], share: float) -> float:
    """The value at rank ceil(share·n) of the sorted ``values`` (0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass
class Result:
    """What one operation measured: latencies in seconds over ``elapsed`` seconds."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def ms(self, share: float) -> float:
        return nearest_rank(self.latencies, share) * 1000

    def summary(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "errors": self.errors,
            "seconds": round(self.elapsed, 3),
            "rate": round(self.rate, 1),
            "p50_ms": round(self.ms(0.50), 2),
            "p95_ms": round(self.ms(0.95), 2),
            "p99_ms": round(self.ms(0.99), 2),
            "error_samples": self.samples[:3],
        }


class Client:
    """One keep-alive-when-possible connection to the server."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=300)
        self.headers = headers

    def send(self, call: Call) -> tuple[int, bytes]:
        method, path, payload, extra = call
        headers = {**self.headers, **extra}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            # The server closed the connection between requests: open a new one, once.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response.status, response.read()

    def close(self) -> None:
        self.connection.close()


def _client_loop(
    client: Client, maker: Maker, rng: random.Random, window: tuple[float, float], result: Result
) -> None:
    start, end = window
    while True:
        began = time.perf_counter()
        # Past the window, stop, unless nothing was measured yet: requests slower than the
        # whole window (a loaded machine, a short smoke run) would otherwise leave it empty.
        if began >= end and (result.latencies or result.errors):
            break
        call = maker(rng)
        try:
            status, body = client.send(call)
            failed = not 200 <= status < 300
            sample = f"{status} {call[0]} {call[1]}: {body[:200]!r}"
        except (http.client.HTTPException, OSError) as error:
            failed, sample = True, f"{call[0]} {call[1]}: {error!r}"
        took = time.perf_counter() - began
        if began < start:
            continue
        with result.lock:
            if failed:
                result.errors += 1
                result.samples.append(sample)
            else:
                result.latencies.append(took)


def load(
    address: tuple[str, int],
    headers: dict[str, str],
    maker: Maker,
    *,
    clients: int,
    warmup: float,
    duration: float,
    seed: int = 1,
) -> Result:
    """Run ``clients`` clients for ``warmup`` + ``duration`` seconds; measure the last part.

    A request counts when it started in the measured window; throughput is what completed
    in it, over its length. The window lasts until at least one request was measured.
    """
    result = Result()
    now = time.perf_counter()
    window = (now + warmup, now + warmup + duration)
    pool = [Client(*address, headers) for _ in range(clients)]
    threads = [
        threading.Thread(
            target=_client_loop, args=(client, maker, random.Random(seed + index), window, result)
        )
        for index, client in enumerate(pool)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in pool:
        client.close()
    result.elapsed = time.perf_counter() - window[0]
    return result


def once(address: tuple[str, int], headers: dict[str, str], call: Call) -> tuple[float, int, bytes]:
    """One request on a new connection: (seconds, status, body)."""
    client = Client(*address, headers)
    began = time.perf_counter()
    status, body = client.send(call)
    took = time.perf_counter() - began
    client.close()
    return took, status, body
