"""100 clients at once sign up for one activity of 10 seats through `perspectives serve` (SQLite).

Bar 37 against the embedded server as it runs for real: gunicorn, its SQLite database and the
background worker writing the confirmation mails while the sign-ups come in. Every answer is a
201, exactly 10 people get a seat and 90 wait, and nothing in the server's log says 'database is
locked' or shows an error. Rate limits are off (RATELIMIT_ENABLED=false): every client here has
the same address, and the sign-up limit per address would answer most of them with 429.
"""

import http.client
import json
import sqlite3
import threading
from collections import Counter

import pytest

from perspectives.demo.tests.embedded import Installation, person

pytestmark = pytest.mark.slow
CLIENTS = 100
CAPACITY = 10
CODE = "drukke-masterclass"


def sign_up_at_once(server, *, clients: int) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(clients)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        body = json.dumps(person(i))
        barrier.wait()
        try:
            connection.request(
                "POST",
                f"/api/v1/activities/{CODE}/registrations",
                body=body,
                headers={"Content-Type": "application/json"},
            )
            response = connection.getresponse()
            status, text = response.status, response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            status, text = 0, json.dumps({"error": repr(error)})
        finally:
            connection.close()
        try:
            answer = json.loads(text)
        except ValueError:
            answer = {"body": text[:200]}
        with lock:
            answers.append((status, answer))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return answers


def test_100_concurrent_sign_ups_get_201_and_fill_exactly_the_capacity(tmp_path):
    installation = Installation(folder=tmp_path, extra_environment={"RATELIMIT_ENABLED": "false"})
    installation.add_activity(code=CODE, capacity=CAPACITY)
    with installation.serving() as server:
        answers = sign_up_at_once(server, clients=CLIENTS)
        log = server.output()
    assert len(answers) == CLIENTS
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: CLIENTS}, [a for a in answers if a[0] != 201][:3]
    assert Counter(answer["status"] for _, answer in answers) == {
        "registered": CAPACITY,
        "waitlisted": CLIENTS - CAPACITY,
    }
    with sqlite3.connect(installation.var / "perspectives.sqlite3") as connection:
        stored = dict(
            connection.execute(
                "SELECT r.status, count(*) FROM activities_registration r JOIN"
                " activities_activity a ON a.id = r.activity_id WHERE a.code = ?"
                " GROUP BY r.status",
                [CODE],
            ).fetchall()
        )
    assert stored == {"registered": CAPACITY, "waitlisted": CLIENTS - CAPACITY}
    assert "database is locked" not in log
    assert "ERROR" not in log and "Traceback" not in log, log
