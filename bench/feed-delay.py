#!/usr/bin/env python3
"""How long an edit answered by one caremap server takes to reach another server's search.

    python3 bench/feed-delay.py --a http://127.0.0.1:8081 --b http://127.0.0.1:8082 \
        --email admin@example.jp --password-file pw.txt [--edits 200]

For each edit: PATCH a listing's name on A to a word no listing has, then search B for the
word every 2 ms until it answers the listing. The delay is from A's answer to B's first
answer with the listing (so it includes up to 2 ms of polling). Prints p50, p90, p99 and max.
Servers: two `caremap serve` on one PostgreSQL (scripts/cluster.sh starts them).
"""

import argparse
import statistics
import time
import urllib.parse

from api_client import Client


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--a", required=True, help="server that takes the edits")
    p.add_argument("--b", required=True, help="server whose search is watched")
    p.add_argument("--email", required=True)
    p.add_argument("--password-file", required=True)
    p.add_argument("--edits", type=int, default=200)
    p.add_argument("--service", default="clinic", help="service type of the listing edited")
    args = p.parse_args()
    with open(args.password_file, encoding="utf-8") as f:
        password = f.readline().rstrip("\n")
    a, b = Client(args.a), Client(args.b)
    a.login(args.email, password)
    hits = b.ok("GET", "/api/v1/search?" + urllib.parse.urlencode(
        {"service": args.service, "per_page": 1}))["hits"]
    listing = hits[0]["id"]
    delays = []
    for i in range(args.edits):
        word = "フィード計測" + "".join(chr(0x30A2 + int(d)) for d in f"{time.time_ns() % 10**8:08d}")
        a.ok("PATCH", f"/api/v1/facilities/{urllib.parse.quote(listing)}",
               {"fields": {"name": f"{word}診療所"}})
        answered = time.perf_counter()
        query = "/api/v1/search?" + urllib.parse.urlencode({"q": word, "per_page": 1})
        while True:
            found = b.ok("GET", query)["hits"]
            if found and found[0]["id"] == listing:
                break
            if time.perf_counter() - answered > 30:
                raise SystemExit(f"edit {i}: not on B after 30 s")
            time.sleep(0.002)
        delays.append((time.perf_counter() - answered) * 1000)
    delays.sort()
    q = lambda x: delays[min(len(delays) - 1, int(round(x * (len(delays) - 1))))]
    print(f"edits: {len(delays)}  p50 {q(0.5):.1f} ms  p90 {q(0.9):.1f} ms  "
          f"p99 {q(0.99):.1f} ms  max {delays[-1]:.1f} ms  mean {statistics.mean(delays):.1f} ms")


if __name__ == "__main__":
    main()
