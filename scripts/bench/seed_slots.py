#!/usr/bin/env python3
"""Seeds a running PANDA for the free-slot benchmark (scripts/bench.sh ...
slots): one department of CLINICIANS practitioners, each working Monday to
Friday 08:00-12:00 and 13:00-17:00 London time, and APPOINTMENTS bookings
made through the API, half of each working day's 16 half-hour slots in
every diary (a pseudo-random half, so free time is fragmented), day after
day from the first Monday after DAY0. Writes slots.txt: the two-week
searches the wrk script asks, one request path per line, each starting on
a different Monday of the booked period.

    seed_slots.py BASE_URL OUT_DIR DAY0_EPOCH CLINICIANS APPOINTMENTS

Exits 1 if any request is refused.
"""

import http.client
import json
import random
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from seed import HEADERS, nhs_numbers, post_parallel

LONDON = ZoneInfo("Europe/London")
# Half-hour starts (minutes after midnight, London) inside the sessions.
STARTS = [m for m in range(8 * 60, 17 * 60, 30) if not 12 * 60 <= m < 13 * 60]
BOOKED_PER_DAY = len(STARTS) // 2


def utc(day, minutes):
    local = datetime(day.year, day.month, day.day, tzinfo=LONDON) + timedelta(minutes=minutes)
    return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    base, out, day0, n_clinicians, n_appointments = sys.argv[1:6]
    url = urllib.parse.urlsplit(base)
    host, port = url.hostname, url.port
    n_clinicians, n_appointments = int(n_clinicians), int(n_appointments)
    first = datetime.fromtimestamp(int(day0), timezone.utc).date()
    first += timedelta(days=(7 - first.weekday()) % 7 or 7)  # the next Monday

    per_day = n_clinicians * BOOKED_PER_DAY
    n_patients = per_day * 5  # a patient books at most once a day
    nhs = nhs_numbers(n_patients)
    patients = [
        ("/api/v1/patients", {"nhs_number": n, "name": f"Patient {i}", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"})
        for i, n in enumerate(nhs)
    ]
    post_parallel(host, port, patients, "patients")

    started = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    sessions = [
        {"weekday": d, "start": s, "end": e}
        for d in ["monday", "tuesday", "wednesday", "thursday", "friday"]
        for s, e in [("08:00", "12:00"), ("13:00", "17:00")]
    ]
    clinicians, department = [], None
    for i in range(n_clinicians):
        body = {"name": f"Dr Slot {i:03}", "department": "slot-bench"}
        conn.request("POST", "/api/v1/practitioners", json.dumps(body), HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 201:
            sys.exit(f"practitioner refused: {response.status} {text[:300]!r}")
        made = json.loads(text)
        clinicians.append(made["id"])
        department = made["department_id"]
        pattern = {"time_zone": "Europe/London", "valid_from": first.isoformat(), "sessions": sessions}
        conn.request("PUT", f"/api/v1/practitioners/{made['id']}/schedule", json.dumps(pattern), HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 200:
            sys.exit(f"pattern refused: {response.status} {text[:300]!r}")
    conn.close()
    print(f"seeded {len(clinicians)} practitioners with working patterns in {time.monotonic() - started:.1f} s")

    rng = random.Random(20261130)
    bookings, day, k = [], first, 0
    while len(bookings) < n_appointments:
        if day.weekday() < 5:
            for c, clinician in enumerate(clinicians):
                for minutes in sorted(rng.sample(STARTS, BOOKED_PER_DAY)):
                    if len(bookings) == n_appointments:
                        break
                    patient = nhs[k % n_patients]
                    k += 1
                    body = {"practitioner_id": clinician, "start_time": utc(day, minutes)}
                    bookings.append((f"/api/v1/patients/{patient}/appointments", body))
        day += timedelta(days=1)
    post_parallel(host, port, bookings, "appointments")

    weeks = max(1, (day - first).days // 7 - 1)
    with open(f"{out}/slots.txt", "w", encoding="ascii") as f:
        for w in range(weeks):
            start = first + timedelta(weeks=w)
            end = start + timedelta(weeks=2)
            f.write(f"/api/v1/slots?department_id={department}&from={start}T00:00:00Z&to={end}T00:00:00Z\n")
    print(f"{weeks} two-week searches over {(day - first).days} days of booked diaries")


if __name__ == "__main__":
    main()
