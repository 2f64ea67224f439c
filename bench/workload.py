#!/usr/bin/env python3
"""The shared benchmark workload (../shared/bench/README.md) as caremap API requests.

    workload.py urls  WORKLOAD.jsonl OUT_DIR         one file of request paths per query type
    workload.py check WORKLOAD.jsonl FACILITIES.csv BASE_URL [--per-type N]
                                                     compares caremap's answers with the
                                                     README's definitions, computed here by brute
                                                     force over the facilities file

Standard library only.
"""

import csv
import json
import math
import sys
import urllib.parse
import urllib.request

# Service codes of the workload (column service_code) -> caremap service types.
SERVICES = {"130": "visiting_nursing", "430": "care_management"}
EARTH_RADIUS_M = 6_371_008.8  # the mean radius caremap uses (model::geo::EARTH_RADIUS_M)


def params(q):
    """The GET /api/v1/search parameters for one workload line."""
    t = q["type"]
    if t == "Q1":
        return [("service", SERVICES[q["service_code"]]), ("lat", q["lat"]), ("lng", q["lng"]),
                ("radius_m", q["radius_m"]), ("sort", "distance"), ("per_page", q["limit"])]
    if t == "Q2":
        return [("q", q["text"]), ("lat", q["lat"]), ("lng", q["lng"]),
                ("radius_m", q["radius_m"]), ("sort", "distance"), ("per_page", q["limit"])]
    if t == "Q3":
        b = q["bbox"]
        bbox = "%s,%s,%s,%s" % (b["min_lng"], b["min_lat"], b["max_lng"], b["max_lat"])
        return [("bbox", bbox), ("sort", "id"), ("per_page", q["limit"])]
    if t == "Q4":
        return [("q", q["text"]), ("sort", "id"), ("per_page", q["limit"])]
    if t == "Q5":
        return [("municipality", q["muni_code"]), ("service", SERVICES[q["service_code"]]),
                ("sort", "name"), ("per_page", q["limit"])]
    raise SystemExit("unknown query type %r" % t)


def path(pairs):
    return "/api/v1/search?" + urllib.parse.urlencode(pairs)


def read_workload(p):
    with open(p, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cmd_urls(workload, out_dir):
    by_type = {}
    for q in read_workload(workload):
        by_type.setdefault(q["type"], []).append(path(params(q)))
        if q["type"] == "Q4":  # Q4r: the same text ranked by relevance
            by_type.setdefault("Q4r", []).append(
                path([("q", q["text"]), ("per_page", q["limit"])]))
    for t, paths in sorted(by_type.items()):
        with open("%s/%s.txt" % (out_dir, t), "w", encoding="utf-8") as f:
            f.write("\n".join(paths) + "\n")
        print("%s/%s.txt: %d requests" % (out_dir, t, len(paths)))


def fid_to_id(fid):
    """caremap's key for a row. `fid` order and caremap's id order agree on the real data (10-digit
    office numbers); the 500k set's synthetic office numbers (`2764890048-s1`) order differently
    under the two separators, so key order is compared in caremap's key."""
    office, code = fid.split("_")
    return "mhlw-%s-%s" % (office, code)


def haversine_m(lat1, lng1, lat2, lng2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def get(base, pairs):
    with urllib.request.urlopen(base + path(pairs), timeout=120) as r:
        return json.load(r)


def all_ids(base, pairs, limit=10_000):
    """Every hit id of a search (paging), or None when the total exceeds `limit`."""
    out, page = [], 1
    pairs = [p for p in pairs if p[0] not in ("per_page", "page")]
    while True:
        r = get(base, pairs + [("per_page", 200), ("page", page)])
        if r["total"] > limit:
            return None
        out += [h["id"] for h in r["hits"]]
        if len(r["hits"]) < 200:
            return out
        page += 1


def cmd_check(workload, facilities_csv, base, per_type):
    rows = []
    with open(facilities_csv, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            r["id"] = fid_to_id(r["fid"])
            r["lat"] = float(r["lat"]) if r["lat"] else None
            r["lng"] = float(r["lng"]) if r["lng"] else None
            rows.append(r)
    located = [r for r in rows if r["lat"] is not None]
    seen, failures, checked = {}, [], 0

    def near(q, radius):
        # Degree box first, exact distance second.
        dlat = radius / 111_000 * 1.01
        dlng = dlat / max(0.1, math.cos(math.radians(q["lat"])))
        out = []
        for r in located:
            if abs(r["lat"] - q["lat"]) <= dlat and abs(r["lng"] - q["lng"]) <= dlng:
                d = haversine_m(q["lat"], q["lng"], r["lat"], r["lng"])
                if d <= radius:
                    out.append((d, r))
        return sorted(out, key=lambda x: (x[0], x[1]["fid"]))

    def fail(q, why):
        failures.append("%s: %s" % (q["qid"], why))

    for q in read_workload(workload):
        n = seen.get(q["type"], 0)
        if n >= per_type:
            continue
        seen[q["type"]] = n + 1
        checked += 1
        t, pairs = q["type"], params(q)
        got = get(base, pairs)
        hits = got["hits"]
        if t == "Q1":
            want = [x for x in near(q, q["radius_m"])
                    if x[1]["service_code"] == q["service_code"]][: q["limit"]]
            gd = [h["distance_m"] for h in hits]
            wd = [d for d, _ in want]
            if len(gd) != len(wd) or any(abs(a - b) > 0.01 for a, b in zip(gd, wd)):
                fail(q, "nearest distances differ: %s vs %s" % (gd[:5], wd[:5]))
            elif {h["id"] for h in hits} != {r["id"] for _, r in want}:
                # Ties at equal distance may order differently; anything else is wrong.
                if len(gd) == 0 or abs(gd[-1] - wd[-1]) > 0.01:
                    fail(q, "nearest listings differ")
        elif t == "Q2":
            text = q["text"]
            matches = [(d, r) for d, r in near(q, q["radius_m"]) if text in r["name_norm"]]
            want = {r["id"] for _, r in matches}
            ids = all_ids(base, pairs)
            if ids is None:
                # Too many to list (dense circles of the 2M set): the page is the nearest 20
                # of a superset of the name matches, so every name match nearer than its last
                # row must be on it, and the total cannot be below theirs.
                last = hits[-1]["distance_m"] if hits else 0.0
                nearer = {r["id"] for d, r in matches if d < last - 0.01}
                if got["total"] < len(want):
                    fail(q, "total %d below the %d name matches" % (got["total"], len(want)))
                elif not nearer <= {h["id"] for h in hits}:
                    fail(q, "a name match nearer than the page's last row is missing")
            elif not want <= set(ids):
                fail(q, "%d name matches missing" % len(want - set(ids)))
            d = [h["distance_m"] for h in hits]
            if d != sorted(d):
                fail(q, "not nearest first")
        elif t == "Q3":
            b = q["bbox"]
            inside = sorted(r["id"] for r in located
                            if b["min_lat"] <= r["lat"] <= b["max_lat"]
                            and b["min_lng"] <= r["lng"] <= b["max_lng"])
            if got["total"] != len(inside):
                fail(q, "count %d, want %d" % (got["total"], len(inside)))
            elif [h["id"] for h in hits] != inside[: q["limit"]]:
                fail(q, "first rows by id differ")
        elif t == "Q4":
            text = q["text"]
            want = {r["id"] for r in rows if text in r["name_norm"]}
            if got["total"] < len(want):
                fail(q, "total %d below the %d name matches" % (got["total"], len(want)))
            ids = all_ids(base, pairs)
            if ids is not None and not want <= set(ids):
                fail(q, "%d name matches missing" % len(want - set(ids)))
            if [h["id"] for h in hits] != sorted(h["id"] for h in hits):
                fail(q, "not in id order")
        elif t == "Q5":
            muni = [r for r in rows if r["muni_code"] == q["muni_code"]]
            facet = {}
            for r in muni:
                s = SERVICES.get(r["service_code"])
                if s:
                    facet[s] = facet.get(s, 0) + 1
            got_facet = {k: v for k, v in got["facets"]["service"].items() if k in facet}
            if got_facet != facet:
                fail(q, "service facet %s, want %s" % (got_facet, facet))
            chosen = sorted((r for r in muni if r["service_code"] == q["service_code"]),
                            key=lambda r: (r["name_kana"], r["id"]))
            if got["total"] != len(chosen):
                fail(q, "count %d, want %d" % (got["total"], len(chosen)))
            elif [h["id"] for h in hits] != [r["id"] for r in chosen[: q["limit"]]]:
                fail(q, "rows by kana differ")
    print("checked %d queries (%s)" % (checked, ", ".join("%s %d" % kv for kv in sorted(seen.items()))))
    for f in failures[:40]:
        print("  MISMATCH " + f)
    if failures:
        print("%d mismatches" % len(failures))
        return 1
    print("all answers as defined in ../shared/bench/README.md")
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "urls":
        return cmd_urls(argv[2], argv[3]) or 0
    if len(argv) >= 5 and argv[1] == "check":
        per_type = 20
        if "--per-type" in argv:
            per_type = int(argv[argv.index("--per-type") + 1])
        return cmd_check(argv[2], argv[3], argv[4].rstrip("/"), per_type)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
