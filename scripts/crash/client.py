#!/usr/bin/env python3
"""The client side of scripts/crash_test.sh: seeds a running PANDA, loads it
with bookings until the server is killed, and checks what survived. Only the
standard library; every request goes to BASE_URL (127.0.0.1) with the token
in PANDA_CRASH_TOKEN.

    client.py seed   BASE_URL WORK THREADS
    client.py load   BASE_URL WORK THREADS DAY0_EPOCH MAX_SECONDS
    client.py verify BASE_URL WORK DATABASE_URL THREADS DAY0_EPOCH

seed    One practitioner per load thread and 48 patients per thread (a day of
        one practitioner's half hours, a patient booking once a day). Writes
        practitioners.txt and nhs.txt into WORK.
load    THREADS threads book at full speed over keep-alive connections, each
        in its own practitioner's diary with its own patients, so that every
        booking is valid: days from DAY0 on, starts on the half-hour grid,
        durations cycling through DURATIONS. Besides, each thread
          - every 5th acknowledged booking, sends one that must be refused
            (409): the same slot for another patient, or the same patient
            again that day;
          - every 7th, cancels it (PATCH with If-Match) and books the same
            patient, practitioner and time again, which must succeed now.
        Each acknowledgement (201 for a booking, 200 for a cancellation) is
        appended to WORK/acked.<thread> as soon as its response is read, and
        each cancellation asked for before it is sent (one in flight when the
        server dies may or may not have been committed):
            booked ID NHS PRACTITIONER_ID START_EPOCH MINUTES
            cancelling ID
            cancelled ID
        WORK/started appears with the first 201. A thread stops at its first
        connection error (the server has been killed) or after MAX_SECONDS.
        Writes the counts to WORK/load.json and prints one line.
verify  Against the restarted server and its database: every acknowledged
        booking answers 200 to GET /api/v1/appointments/{id} with what was
        booked, and is in the appointments table with it (its status
        cancelled if its cancellation was acknowledged, either if one was in
        flight, active otherwise); the rules hold in SQL (see RULES); the
        restarted server takes a new booking; the load saw no unexpected
        answer. Prints `acknowledged N, found N` and the details; exits 1 on
        any failure.
"""

import collections
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nhs import nhs_numbers  # noqa: E402  (scripts/lib/nhs.py)

TOKEN = os.environ["PANDA_CRASH_TOKEN"]
HEADERS = {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
PATIENTS_PER_THREAD = 48  # half hours in a day: a patient books once a day
DAY_MINUTES = 24 * 60
# Minutes; every start stays on the half-hour grid (see next_start).
DURATIONS = [30, 60, 15, 45, 30, 90, 120, 30]
REFUSE_EVERY = 5
CANCEL_EVERY = 7
TIMEOUT = 10  # seconds for any one request
DEPARTMENTS = ["cardiology", "oncology", "dermatology", "paediatrics", "radiology"]


def iso(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration_text(minutes):
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest else "")


def connect(base):
    url = urllib.parse.urlsplit(base)
    if url.hostname != "127.0.0.1":
        sys.exit(f"refusing to send traffic to {url.hostname}: 127.0.0.1 only")
    return http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)


def lines(path):
    with open(path, encoding="ascii") as f:
        return f.read().split()


# --- seed -------------------------------------------------------------------


def seed(base, work, threads):
    conn = connect(base)

    def post(path, body):
        conn.request("POST", path, json.dumps(body), HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 201:
            sys.exit(f"seeding refused: POST {path} {response.status} {text[:300]!r}")
        return json.loads(text)

    started = time.monotonic()
    # Sequential: a new department is created by its first practitioner.
    practitioners = [
        post("/api/v1/practitioners", {"name": f"Dr Crash {t}", "department": DEPARTMENTS[t % 5]})["id"]
        for t in range(threads)
    ]
    nhs = nhs_numbers(threads * PATIENTS_PER_THREAD)
    for i, n in enumerate(nhs):
        post(
            "/api/v1/patients",
            {
                "nhs_number": n,
                "name": f"Patient {i}",
                "date_of_birth": f"{1940 + i % 70}-{1 + i % 12:02}-{1 + i % 28:02}",
                "postcode": "N6 2FA",
            },
        )
    conn.close()
    with open(f"{work}/practitioners.txt", "w", encoding="ascii") as f:
        f.write("\n".join(practitioners) + "\n")
    with open(f"{work}/nhs.txt", "w", encoding="ascii") as f:
        f.write("\n".join(nhs) + "\n")
    print(f"seeded {len(practitioners)} practitioners, {len(nhs)} patients in {time.monotonic() - started:.1f} s")


# --- load -------------------------------------------------------------------


class Stopped(Exception):
    """The connection failed: the server is gone."""


class Worker:
    def __init__(self, base, work, t, practitioner, patients, day0, deadline):
        self.base, self.work, self.t = base, work, t
        self.practitioner, self.patients = practitioner, patients
        self.day0, self.deadline = day0, deadline
        self.counts = collections.Counter()
        self.unexpected = []
        self.stopped_by = "deadline"

    def call(self, method, path, body, expect, code=None, headers=None):
        """Sends one request; returns (status, etag, parsed body). Counts an
        answer other than `expect` (and problem `code`) as unexpected."""
        try:
            self.conn.request(method, path, json.dumps(body), {**HEADERS, **(headers or {})})
            response = self.conn.getresponse()
            text = response.read()
        except (OSError, http.client.HTTPException) as e:
            raise Stopped(type(e).__name__) from e
        self.counts["requests"] += 1
        try:
            parsed = json.loads(text) if text else {}
        except ValueError:
            parsed = {}
        got_code = parsed.get("code") if isinstance(parsed, dict) else None
        if response.status != expect or (code and got_code != code):
            self.counts["unexpected"] += 1
            if len(self.unexpected) < 5:
                wanted = f"{expect}{' ' + code if code else ''}"
                self.unexpected.append(
                    f"thread {self.t}: {method} {path} {json.dumps(body)} -> {response.status}"
                    f" {text[:200]!r} (wanted {wanted})"
                )
        return response.status, response.getheader("etag"), parsed

    def book(self, nhs, start, minutes, expect=201, code=None):
        body = {"practitioner_id": self.practitioner, "start_time": iso(start), "duration": duration_text(minutes)}
        status, etag, parsed = self.call("POST", f"/api/v1/patients/{nhs}/appointments", body, expect, code)
        if status != 201:
            return None, None
        self.acked.write(f"booked {parsed['id']} {nhs} {self.practitioner} {start} {minutes}\n")
        self.counts["booked"] += 1
        if not os.path.exists(f"{self.work}/started"):
            open(f"{self.work}/started", "w").close()
        return parsed["id"], etag

    def run(self):
        try:
            self.conn = connect(self.base)
            # Line-buffered: each acknowledgement is on disk before the next request.
            with open(f"{self.work}/acked.{self.t}", "w", encoding="ascii", buffering=1) as self.acked:
                self.schedule()
        except Stopped as e:
            self.stopped_by = str(e)

    def schedule(self):
        day, minute, patient, n, acknowledged = 0, 0, 0, 0, 0
        while time.monotonic() < self.deadline:
            minutes = DURATIONS[n % len(DURATIONS)]
            n += 1
            if minute + minutes > DAY_MINUTES:
                day, minute, patient = day + 1, 0, 0
            start = self.day0 + day * 86400 + minute * 60
            nhs = self.patients[patient]
            minute = -(-(minute + minutes) // 30) * 30  # the next half hour free
            patient += 1
            booked, etag = self.book(nhs, start, minutes)
            if booked is None:
                continue
            acknowledged += 1
            if acknowledged % REFUSE_EVERY == 0:
                if (acknowledged // REFUSE_EVERY) % 2 or minute + 30 > DAY_MINUTES:
                    other = self.patients[patient % PATIENTS_PER_THREAD]
                    self.book(other, start, minutes, 409, "practitioner-unavailable")
                else:
                    self.book(nhs, start - start % 86400 + minute * 60, 30, 409, "already-booked-that-day")
                self.counts["refused"] += 1
            if acknowledged % CANCEL_EVERY == 0:
                self.acked.write(f"cancelling {booked}\n")
                status, _, _ = self.call(
                    "PATCH", f"/api/v1/appointments/{booked}", {"status": "cancelled"}, 200, headers={"if-match": etag}
                )
                if status == 200:
                    self.acked.write(f"cancelled {booked}\n")
                    self.counts["cancelled"] += 1
                    if self.book(nhs, start, minutes)[0]:
                        self.counts["rebooked"] += 1


def load(base, work, threads, day0, max_seconds):
    practitioners = lines(f"{work}/practitioners.txt")
    nhs = lines(f"{work}/nhs.txt")
    deadline = time.monotonic() + max_seconds
    workers = [
        Worker(base, work, t, practitioners[t], nhs[t * PATIENTS_PER_THREAD : (t + 1) * PATIENTS_PER_THREAD], day0, deadline)
        for t in range(threads)
    ]
    started = time.monotonic()
    running = [threading.Thread(target=w.run, daemon=True) for w in workers]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(max_seconds + 2 * TIMEOUT)
    seconds = time.monotonic() - started
    counts = sum((w.counts for w in workers), collections.Counter())
    stopped = collections.Counter(w.stopped_by for w in workers)
    unexpected = [u for w in workers for u in w.unexpected]
    summary = {
        "seconds": round(seconds, 2),
        "counts": dict(counts),
        "stopped_by": dict(stopped),
        "unexpected": unexpected,
        "still_running": sum(thread.is_alive() for thread in running),
    }
    with open(f"{work}/load.json", "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(
        f"load: {threads} threads, {counts['requests']} answers in {seconds:.1f} s"
        f" ({counts['requests'] / seconds if seconds else 0:.0f}/s): {counts['booked']} bookings acknowledged,"
        f" {counts['cancelled']} cancellations acknowledged, {counts['refused']} refusals asked for,"
        f" {counts['unexpected']} unexpected answers; threads stopped by "
        + ", ".join(f"{k} x{v}" for k, v in sorted(stopped.items()))
    )


# --- verify -----------------------------------------------------------------

# Each query lists what breaks a rule: no row, no breach. `{date}` is the
# dialect's UTC date of start_at.
RULES = {
    "a patient with two non-cancelled appointments on one day": """
        SELECT patient_nhs, start_day, COUNT(*) FROM appointments
        WHERE status <> 'cancelled' AND patient_nhs IS NOT NULL
        GROUP BY patient_nhs, start_day HAVING COUNT(*) > 1""",
    "two appointment_slots rows for one (practitioner_id, slot_start)": """
        SELECT practitioner_id, slot_start, COUNT(*) FROM appointment_slots
        GROUP BY practitioner_id, slot_start HAVING COUNT(*) > 1""",
    "a non-cancelled appointment without exactly duration_minutes/15 slot rows in its own time and diary": """
        SELECT a.id, a.duration_minutes, COUNT(s.appointment_id) FROM appointments a
        LEFT JOIN appointment_slots s ON s.appointment_id = a.id
            AND s.practitioner_id = a.practitioner_id
            AND s.slot_start >= a.start_at AND s.slot_start < a.end_at
        WHERE a.status <> 'cancelled'
        GROUP BY a.id, a.duration_minutes HAVING COUNT(s.appointment_id) <> a.duration_minutes / 15""",
    "a slot row of no appointment, of a cancelled one, or outside its appointment": """
        SELECT s.practitioner_id, s.slot_start, s.appointment_id FROM appointment_slots s
        LEFT JOIN appointments a ON a.id = s.appointment_id
        WHERE a.id IS NULL OR a.status = 'cancelled' OR s.practitioner_id <> a.practitioner_id
            OR s.slot_start < a.start_at OR s.slot_start >= a.end_at""",
    "a start_day other than the UTC date of start_at": """
        SELECT id, start_day, start_at FROM appointments WHERE start_day <> {date}""",
}


class Database:
    def __init__(self, url):
        self.url = url
        if url.startswith("sqlite://"):
            self.sqlite = sqlite3.connect(url[len("sqlite://") :], timeout=10)
            self.date = "date(start_at)"
        else:
            self.sqlite = None
            self.date = "CAST(start_at AS DATE)"

    def rows(self, query):
        query = query.replace("{date}", self.date)
        if self.sqlite:
            return [tuple("" if v is None else str(v) for v in row) for row in self.sqlite.execute(query)]
        out = subprocess.run(
            ["psql", self.url, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PGCONNECT_TIMEOUT": "5"},
        ).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def fetch_all(base, ids, threads):
    """GET /api/v1/appointments/{id} for every id: {id: (status, body)}."""
    found, todo = {}, list(ids)

    def fetch(part):
        conn = connect(base)
        for i in part:
            conn.request("GET", f"/api/v1/appointments/{i}", headers=HEADERS)
            response = conn.getresponse()
            text = response.read()
            found[i] = (response.status, json.loads(text) if response.status == 200 else text[:200])
        conn.close()

    workers = [threading.Thread(target=fetch, args=(todo[k::threads],)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return found


def verify(base, work, url, threads, day0):
    failures = []
    booked, cancelling, cancelled = {}, set(), set()
    for t in range(threads):
        path = f"{work}/acked.{t}"
        if not os.path.exists(path):
            continue
        for line in open(path, encoding="ascii"):
            kind, *fields = line.split()
            if kind == "booked" and len(fields) == 5:
                booked[fields[0]] = (fields[1], fields[2], int(fields[3]), int(fields[4]))
            elif kind == "cancelling" and len(fields) == 1:
                cancelling.add(fields[0])
            elif kind == "cancelled" and len(fields) == 1:
                cancelled.add(fields[0])

    def statuses(i):
        """What the status of booking i may be: cancelled once its
        cancellation was acknowledged, either while one was in flight."""
        if i in cancelled:
            return {"cancelled"}
        return {"active", "cancelled"} if i in cancelling else {"active"}

    # Over HTTP: each one answers 200, with what was booked.
    answers = fetch_all(base, booked, threads)
    http_found, wrong = set(), []
    for i, (nhs, practitioner, start, minutes) in booked.items():
        status, body = answers.get(i, (None, None))
        if status != 200:
            wrong.append(f"GET /api/v1/appointments/{i}: {status} {body!r}")
            continue
        http_found.add(i)
        expected = {"patient": nhs, "practitioner_id": practitioner, "time": iso(start), "end": iso(start + minutes * 60)}
        got = {k: body.get(k) for k in [*expected, "status"]}
        if {**got, "status": None} != {**expected, "status": None} or got["status"] not in statuses(i):
            expected["status"] = " or ".join(sorted(statuses(i)))
            wrong.append(f"GET /api/v1/appointments/{i}: {got} instead of {expected}")
    if wrong:
        failures.append(f"{len(wrong)} acknowledged bookings wrong over HTTP, first ones:\n    " + "\n    ".join(wrong[:5]))

    # In SQL: each one is a row, with what was booked.
    db = Database(url)
    rows = {r[0]: r[1:] for r in db.rows("SELECT id, patient_nhs, practitioner_id, status, duration_minutes FROM appointments")}
    sql_found, wrong = set(), []
    for i, (nhs, practitioner, _, minutes) in booked.items():
        row = rows.get(i)
        if row is None:
            wrong.append(f"{i}: no row in appointments")
            continue
        sql_found.add(i)
        expected = (nhs, practitioner, str(minutes))
        if (row[0], row[1], row[3]) != expected or row[2] not in statuses(i):
            expected = (nhs, practitioner, " or ".join(sorted(statuses(i))), str(minutes))
            wrong.append(f"{i}: {row} instead of {expected}")
    if wrong:
        failures.append(f"{len(wrong)} acknowledged bookings missing or wrong in SQL, first ones:\n    " + "\n    ".join(wrong[:5]))

    # The rules, in SQL.
    for rule, query in RULES.items():
        broken = db.rows(query)
        if broken:
            failures.append(f"broken rule, {rule}: {len(broken)} rows, first ones: {broken[:3]}")
    if db.sqlite:
        check = db.rows("PRAGMA integrity_check")
        if check != [("ok",)]:
            failures.append(f"PRAGMA integrity_check: {check[:5]}")
        orphans = db.rows("PRAGMA foreign_key_check")
        if orphans:
            failures.append(f"PRAGMA foreign_key_check: {len(orphans)} rows, first ones: {orphans[:3]}")

    # The restarted server still books: a day far beyond the load's and
    # inside the booking horizon (crash_test.sh sets five years), another
    # day if an earlier check on the same database took this one.
    conn = connect(base)
    practitioner = lines(f"{work}/practitioners.txt")[0]
    nhs = lines(f"{work}/nhs.txt")[0]
    first = 1000 + len(rows) % 700
    for day in range(first, first + 5 * 7, 7):
        body = {"practitioner_id": practitioner, "start_time": iso(day0 + day * 86400 + 9 * 3600)}
        conn.request("POST", f"/api/v1/patients/{nhs}/appointments", json.dumps(body), HEADERS)
        response = conn.getresponse()
        text = response.read()
        if response.status != 409:
            break
    if response.status != 201:
        failures.append(f"the restarted server refused a new booking: {response.status} {text[:200]!r}")

    # The load itself saw only the answers it asked for.
    with open(f"{work}/load.json", encoding="utf-8") as f:
        summary = json.load(f)
    if summary["unexpected"]:
        count = summary["counts"].get("unexpected", 0)
        failures.append(f"{count} unexpected answers under load, first ones:\n    " + "\n    ".join(summary["unexpected"]))
    if summary["still_running"]:
        failures.append(f"{summary['still_running']} load threads never finished")

    found = http_found & sql_found
    unacknowledged = len(set(rows) - set(booked))
    print(
        f"acknowledged {len(booked)}, found {len(found)}"
        f" (over HTTP {len(http_found)}, in SQL {len(sql_found)}; {len(rows)} rows, {unacknowledged} of them"
        f" written but not acknowledged before the kill; {len(cancelled)} cancellations acknowledged,"
        f" {len(cancelling - cancelled)} in flight)"
    )
    if len(found) != len(booked):
        failures.insert(0, f"{len(booked) - len(found)} acknowledged bookings lost")
    for failure in failures:
        print(f"  FAIL: {failure}")
    return 1 if failures else 0


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "seed":
        seed(args[0], args[1], int(args[2]))
    elif command == "load":
        load(args[0], args[1], int(args[2]), int(args[3]), float(args[4]))
    elif command == "verify":
        try:
            status = verify(args[0], args[1], args[2], int(args[3]), int(args[4]))
        except Exception:  # the check could not run: not a verdict
            traceback.print_exc()
            status = 3
        sys.exit(status)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
