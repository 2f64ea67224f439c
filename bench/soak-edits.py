#!/usr/bin/env python3
"""The edits of the soak (bench/soak.sh): editors renaming listings through the proxy while the
searches run, then a check that every acknowledged edit is what both servers answer.

    soak-edits.py run   --proxy URL --email E --password-file F --ids IDS.txt --log LOG \
                        --stop-file STOP [--editors 2]
    soak-edits.py check --servers URL,URL --log LOG

`run` gives each editor its own listings (so an editor's last acknowledged name of a listing is
the one that must stay), renames them one after the other until STOP exists, and writes every
acknowledged edit to LOG as `id<TAB>name`; any answer other than 200 is counted and printed.
`check` compares, on every server, each edited listing's name with its last acknowledged one.
Standard library only.
"""

import argparse
import os
import sys
import threading
import time
import urllib.parse

from api_client import Client


def run(args):
    with open(args.password_file, encoding="utf-8") as f:
        password = f.readline().rstrip("\n")
    with open(args.ids, encoding="utf-8") as f:
        ids = [line.strip() for line in f if line.strip()]
    log = open(args.log, "w", encoding="utf-8")
    lock = threading.Lock()
    failures = []

    def editor(k):
        c = Client(args.proxy)
        c.login(args.email, password)
        mine = ids[k::args.editors]
        n = 0
        while not os.path.exists(args.stop_file):
            fid = mine[n % len(mine)]
            name = f"ソーク編集{k}-{n}"
            status, _ = c.call("PATCH", f"/api/v1/facilities/{urllib.parse.quote(fid)}",
                               {"fields": {"name": name}})
            with lock:
                if status == 200:
                    log.write(f"{fid}\t{name}\n")
                    log.flush()
                else:
                    failures.append((fid, status))
            n += 1

    threads = [threading.Thread(target=editor, args=(k,)) for k in range(args.editors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    print(f"edits failed: {len(failures)} {failures[:5]}")


def check(args):
    last = {}
    count = 0
    with open(args.log, encoding="utf-8") as f:
        for line in f:
            fid, name = line.rstrip("\n").split("\t")
            last[fid] = name
            count += 1
    missing = 0
    for base in args.servers.split(","):
        c = Client(base)
        deadline = time.time() + 30
        for fid, name in last.items():
            while True:
                status, body = c.call("GET", f"/api/v1/facilities/{urllib.parse.quote(fid)}")
                if status == 200 and body["name"] == name:
                    break
                if time.time() > deadline:
                    missing += 1
                    print(f"{base}: {fid} is {body and body.get('name')!r}, not {name!r}")
                    break
                time.sleep(0.05)
    print(f"acknowledged edits: {count} on {len(last)} listings; "
          f"not as acknowledged on some server: {missing}")
    sys.exit(1 if missing else 0)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--proxy", required=True)
    r.add_argument("--email", required=True)
    r.add_argument("--password-file", required=True)
    r.add_argument("--ids", required=True)
    r.add_argument("--log", required=True)
    r.add_argument("--stop-file", required=True)
    r.add_argument("--editors", type=int, default=2)
    c = sub.add_parser("check")
    c.add_argument("--servers", required=True)
    c.add_argument("--log", required=True)
    args = p.parse_args()
    run(args) if args.cmd == "run" else check(args)


if __name__ == "__main__":
    main()
