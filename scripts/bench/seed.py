#!/usr/bin/env python3
"""Seeds a running PANDA through its HTTP API for scripts/bench.sh: patients
with valid NHS numbers, practitioners in a few departments, then appointments
on the benchmark's booking schedule (see booking_start). Writes nhs.txt and
practitioners.txt (one per line) into OUT_DIR for the wrk scripts.

    seed.py BASE_URL OUT_DIR DAY0_EPOCH PATIENTS PRACTITIONERS APPOINTMENTS

Exits 1 if any request is refused, printing the first few refusals.
"""

import http.client
import json
import multiprocessing
import sys
import time
import urllib.parse
from datetime import datetime, timezone
import os

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nhs import nhs_numbers  # noqa: E402,F401  (scripts/lib/nhs.py; seed_slots.py imports it from here)

# The API needs a bearer token: scripts/bench.sh makes one with `panda token`.
HEADERS = {
    "content-type": "application/json",
    "authorization": f"Bearer {os.environ['PANDA_BENCH_TOKEN']}",
}

WORKERS = 6
SLOTS_PER_DAY = 48  # half hours
DEPARTMENTS = ["cardiology", "oncology", "dermatology", "paediatrics", "radiology"]
FIRST = ["Mary", "John", "Aled", "Siân", "Priya", "Tomasz", "Grace", "Owen", "Fatima", "Rhys"]
LAST = ["Thomas", "Jones", "Evans", "Patel", "Nowak", "Lewis", "Hughes", "Khan", "Price", "Clark"]
POSTCODES = ["N6 2FA", "SW1A 1AA", "CF10 3AT", "LL57 2DG", "M1 1AE", "EH1 1YZ"]


def booking(g, day0, nhs, practitioners):
    """Booking number g of the schedule every bench booking follows: day
    g // per_day from day0, practitioner m % P, half-hour slot m // P, and a
    patient that never repeats within a day (per_day <= len(nhs))."""
    per_day = len(practitioners) * SLOTS_PER_DAY
    day, m = divmod(g, per_day)
    start = day0 + day * 86400 + (m // len(practitioners)) * 1800
    when = datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"practitioner_id": practitioners[m % len(practitioners)], "start_time": when}
    return f"/api/v1/patients/{nhs[g % len(nhs)]}/appointments", body


def post_all(args):
    """One worker: POSTs its share of requests over one keep-alive connection."""
    host, port, requests = args
    conn = http.client.HTTPConnection(host, port, timeout=30)
    refused = []
    for path, body in requests:
        payload = json.dumps(body)
        conn.request("POST", path, payload, HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 201:
            refused.append(f"{response.status} {path} {payload} -> {text[:300]!r}")
    conn.close()
    return refused


def post_parallel(host, port, requests, label):
    started = time.monotonic()
    shares = [(host, port, requests[i::WORKERS]) for i in range(WORKERS)]
    with multiprocessing.Pool(WORKERS) as pool:
        refused = [r for part in pool.map(post_all, shares) for r in part]
    seconds = time.monotonic() - started
    rate = len(requests) / seconds if seconds else 0
    print(f"seeded {len(requests) - len(refused)} {label} in {seconds:.1f} s ({rate:.0f}/s)")
    if refused:
        print(f"{len(refused)} {label} refused, first ones:", *refused[:5], sep="\n  ")
        sys.exit(1)


def main():
    base, out, day0, n_patients, n_practitioners, n_appointments = sys.argv[1:7]
    url = urllib.parse.urlsplit(base)
    host, port = url.hostname, url.port
    day0, n_patients = int(day0), int(n_patients)
    n_practitioners, n_appointments = int(n_practitioners), int(n_appointments)
    if n_practitioners * SLOTS_PER_DAY > n_patients:
        sys.exit("need at least 48 patients per practitioner: a patient books once a day")

    nhs = nhs_numbers(n_patients)
    patients = [
        (
            "/api/v1/patients",
            {
                "nhs_number": n,
                "name": f"{FIRST[i % 10]} {LAST[i // 10 % 10]}",
                "date_of_birth": f"{1940 + i % 70}-{1 + i % 12:02}-{1 + i % 28:02}",
                "postcode": POSTCODES[i % len(POSTCODES)],
            },
        )
        for i, n in enumerate(nhs)
    ]
    post_parallel(host, port, patients, "patients")

    # Few and sequential: a new department is created by its first practitioner.
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    practitioners = []
    for i in range(n_practitioners):
        body = {"name": f"Dr {FIRST[i % 10]} {LAST[i // 10 % 10]}", "department": DEPARTMENTS[i % 5]}
        conn.request("POST", "/api/v1/practitioners", json.dumps(body), HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 201:
            sys.exit(f"practitioner refused: {response.status} {text[:300]!r}")
        practitioners.append(json.loads(text)["id"])
    conn.close()
    print(f"seeded {len(practitioners)} practitioners in {time.monotonic() - started:.1f} s")

    bookings = [booking(g, day0, nhs, practitioners) for g in range(n_appointments)]
    post_parallel(host, port, bookings, "appointments")

    with open(f"{out}/nhs.txt", "w", encoding="ascii") as f:
        f.write("\n".join(nhs) + "\n")
    with open(f"{out}/practitioners.txt", "w", encoding="ascii") as f:
        f.write("\n".join(practitioners) + "\n")


if __name__ == "__main__":
    main()
