#!/usr/bin/env python3
"""Scale-out test, through the load balancer of scripts/cluster.sh (run as
its COMMAND): several PANDA instances over one PostgreSQL must behave as one.

  1. 32 concurrent bookings of one practitioner's slot, for 32 patients:
     exactly one 201, the rest 409 practitioner-unavailable.
  2. 32 concurrent bookings of one patient on one day, with 32
     practitioners: exactly one 201, the rest 409 (one a day).
  Both races reach every instance (their access logs say so).
  3. Bookings under load while one instance is killed with SIGKILL and
     started again: every acknowledged booking is there afterwards, and
     bookings keep succeeding through the others.
  4. Bookings under load while every instance in turn is drained and
     restarted gracefully: no answer is a 5xx.

Standard library only; traffic to 127.0.0.1 only. Prints one line per check
and `scale: P passed, F failed`; exits 1 if any check failed.
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nhs import nhs_numbers  # noqa: E402  (scripts/lib/nhs.py)

BASE = os.environ["PANDA_CLUSTER_URL"]
DIR = os.environ["PANDA_CLUSTER_DIR"]
HEADERS = {
    "content-type": "application/json",
    "authorization": f"Bearer {os.environ['PANDA_CLUSTER_TOKEN']}",
}
RACERS = 32
LOADERS = 8
TIMEOUT = 10

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


def connect():
    url = urllib.parse.urlsplit(BASE)
    if url.hostname != "127.0.0.1":
        sys.exit("127.0.0.1 only")
    return http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)


def call(conn, method, path, body=None):
    """(status, parsed body); status 0 when the connection failed."""
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, HEADERS)
        response = conn.getresponse()
        text = response.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, {}
    try:
        return response.status, json.loads(text) if text else {}
    except ValueError:
        return response.status, {}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(practitioners, patients):
    conn = connect()

    def post(path, body):
        status, parsed = call(conn, "POST", path, body)
        if status != 201:
            sys.exit(f"seeding refused: POST {path} -> {status} {parsed}")
        return parsed

    ids = [
        post("/api/v1/practitioners", {"name": f"Dr Scale {i}", "department": "scale"})["id"]
        for i in range(practitioners)
    ]
    nhs = nhs_numbers(patients, base=500_000_000)
    for i, n in enumerate(nhs):
        post("/api/v1/patients", {"nhs_number": n, "name": f"Scale Patient {i}", "date_of_birth": "1970-01-01", "postcode": "N6 2FA"})
    return ids, nhs


def race(bodies):
    """Sends (path, body) pairs at once, one connection each; the statuses
    and problem codes."""
    conns = [connect() for _ in bodies]
    for c in conns:
        c.connect()
    gate = threading.Barrier(len(bodies))
    answers = [None] * len(bodies)

    def go(i):
        gate.wait()
        answers[i] = call(conns[i], "POST", *bodies[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [(s, p.get("code")) for s, p in answers]


def booking_lines():
    """Per instance, how many booking requests its access log shows."""
    counts = []
    for i in sorted(int(d) for d in os.listdir(DIR) if d.isdigit()):
        with open(f"{DIR}/{i}/server.log", encoding="utf-8", errors="replace") as f:
            counts.append(sum("method=POST route=/api/v1/patients/{nhs_number}/appointments" in line for line in f))
    return counts


class Loader(threading.Thread):
    """Books one practitioner's diary, slot after slot, each for the next of
    its own patients, recording every acknowledgement and every status."""

    def __init__(self, practitioner, patients, day, stop):
        super().__init__()
        self.practitioner, self.patients, self.day, self.stop = practitioner, patients, day, stop
        self.acked, self.statuses, self.after = [], {}, None

    def run(self):
        conn = connect()
        n = 0
        while not self.stop.is_set() and n < 48 * len(self.patients):
            day, slot = divmod(n, 48)
            start = self.day + timedelta(days=day % 300, minutes=30 * slot)
            # A patient books once a day: a day's 48 slots, 48 patients.
            nhs = self.patients[slot % len(self.patients)]
            status, parsed = call(
                conn, "POST", f"/api/v1/patients/{nhs}/appointments", {"practitioner_id": self.practitioner, "start_time": iso(start)}
            )
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 201:
                self.acked.append(parsed["id"])
            elif status == 0:
                conn = connect()
            n += 1


def load_while(action, loaders_patients, practitioners, first_day):
    stop = threading.Event()
    loaders = [
        Loader(practitioners[i], loaders_patients[i], first_day, stop) for i in range(len(practitioners))
    ]
    for loader in loaders:
        loader.start()
    time.sleep(1.5)
    before = sum(len(l.acked) for l in loaders)
    action()
    time.sleep(1.5)
    stop.set()
    for loader in loaders:
        loader.join()
    statuses = {}
    for loader in loaders:
        for s, c in loader.statuses.items():
            statuses[s] = statuses.get(s, 0) + c
    acked = [a for l in loaders for a in l.acked]
    return acked, statuses, before


def restart(i, kill):
    env = dict(os.environ, KILL="1" if kill else "0")
    subprocess.run([f"{DIR}/restart.sh", str(i)], env=env, check=True, timeout=60)


def main():
    instances = len([d for d in os.listdir(DIR) if d.isdigit()])
    # One practitioner per patient-day racer, one for the slot race, one
    # per loader in each of the two load phases; a patient a day per
    # loader slot: 48 patients each (a patient books once a day).
    practitioners, nhs = seed(RACERS + 1 + 2 * LOADERS, RACERS + 2 * LOADERS * 48)
    day = (datetime.now(timezone.utc) + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)

    # 1. One slot, 32 patients.
    slot = iso(day + timedelta(hours=9))
    answers = race([(f"/api/v1/patients/{n}/appointments", {"practitioner_id": practitioners[0], "start_time": slot}) for n in nhs[:RACERS]])
    won = [a for a in answers if a[0] == 201]
    lost = [a for a in answers if a == (409, "practitioner-unavailable")]
    check("32 bookings of one slot: exactly one 201, 31 practitioner-unavailable", len(won) == 1 and len(lost) == RACERS - 1, str(sorted(set(answers))))

    # 2. One patient-day, 32 practitioners at 32 different times.
    patient = nhs[RACERS - 1]
    other_day = day + timedelta(days=1)
    bodies = [
        (f"/api/v1/patients/{patient}/appointments", {"practitioner_id": practitioners[1 + i], "start_time": iso(other_day + timedelta(minutes=30 * i))})
        for i in range(RACERS)
    ]
    answers = race(bodies)
    won = [a for a in answers if a[0] == 201]
    refused = [a for a in answers if a[0] == 409]
    check("32 bookings of one patient on one day: exactly one 201, 31 refused with 409", len(won) == 1 and len(refused) == RACERS - 1, str(sorted(set(answers))))
    spread = booking_lines()
    check(f"the races reached all {instances} instances", all(c > 0 for c in spread), f"booking requests per instance {spread}")

    pool = nhs[RACERS:]
    groups = [pool[i * 48 : (i + 1) * 48] for i in range(2 * LOADERS)]
    first = RACERS + 1

    # 3. kill -9 one instance under load, start it again.
    acked, statuses, before = load_while(
        lambda: restart(2, kill=True), groups[:LOADERS], practitioners[first : first + LOADERS], day + timedelta(days=3)
    )
    after = len(acked) - before
    conn = connect()
    missing = [a for a in acked if call(conn, "GET", f"/api/v1/appointments/{a}")[0] != 200]
    check(
        "kill -9 under load: every acknowledged booking is there",
        not missing and len(acked) > 0,
        f"{len(acked)} acknowledged, {len(missing)} missing; answers {statuses}",
    )
    check("kill -9 under load: bookings went on through the other instances", after > 0, f"{after} acknowledged after the kill began")

    # 4. Rolling restart, one instance at a time, under load.
    def rolling():
        for i in range(1, instances + 1):
            restart(i, kill=False)

    acked, statuses, _ = load_while(
        rolling, groups[LOADERS:], practitioners[first + LOADERS : first + 2 * LOADERS], day + timedelta(days=3)
    )
    errors = {s: c for s, c in statuses.items() if s == 0 or s >= 500}
    check("rolling restart under load: no 5xx and no dropped connection", not errors and len(acked) > 0, f"answers {statuses}")

    passed = sum(results)
    print(f"scale: {passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
