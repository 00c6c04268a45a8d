"""Sustained online complaints from a load generator, against a real server (gunicorn).

Each simulated person is a new visitor from an address of their own: they open the start page,
answer every question the journey asks (reading the CSRF token from each page, as a browser
does), check their answers and send, then start again as someone new. Serve the product on the
1M database with the address taken from X-Forwarded-For, so the hourly limit per address is
counted for each simulated person as it would be behind a proxy:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/putright_bench_1000000 PUTRIGHT_PROXY_HOPS=1 \\
    .venv/bin/gunicorn config.wsgi:application --workers 2 --bind 127.0.0.1:8001

(The development environment, so that cookies travel over plain HTTP; DEBUG is off either way.
No task worker runs: each acknowledgement waits in the task queue's table, as it would for a
moment in service, and the send costs what queueing it costs.)

    .venv/bin/locust -f benchmarks/locustfile_portal.py --host http://127.0.0.1:8001 \\
        --headless --users 8 --spawn-rate 4 --run-time 120s --only-summary

Every response is checked: a page that is not the one expected, or a send that does not reach
"Complaint sent", is counted as a failure with what came back.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from journey_answers import answers
from locust import HttpUser, between, task

CHECK = "/complain/check-your-answers/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PEOPLE = itertools.count(1)


class Complainant(HttpUser):
    wait_time = between(0.5, 1.5)

    @task
    def make_a_complaint(self) -> None:
        n = next(PEOPLE)
        self.client.cookies.clear()
        headers = {"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
        pages = answers(date.today(), n, "Load Person")
        self.client.get("/complain/", headers=headers, name="start page")
        response = self.client.get(
            "/complain/start/", headers=headers, name="begin", allow_redirects=False
        )
        url = response.headers.get("Location", "")
        while url and not url.startswith(CHECK):
            slug = url.split("/complain/", 1)[1].split("/", 1)[0]
            asked = self.client.get(url, headers=headers, name="question", catch_response=True)
            with asked as page:
                token = TOKEN.search(page.text or "")
                if page.status_code != 200 or not token or slug not in pages:
                    page.failure(f"{slug}: {page.status_code}")
                    return
            with self.client.post(
                url,
                data={**pages[slug], "csrfmiddlewaretoken": token.group(1)},
                headers={**headers, "Referer": self.host + url},
                name="answer",
                allow_redirects=False,
                catch_response=True,
            ) as answered:
                if answered.status_code != 302:
                    answered.failure(f"{slug} answer: {answered.status_code}")
                    return
                url = answered.headers["Location"]
        check = self.client.get(CHECK, headers=headers, name="check your answers")
        token = TOKEN.search(check.text or "")
        if not token:
            return
        with self.client.post(
            CHECK,
            data={"website": "", "csrfmiddlewaretoken": token.group(1)},
            headers={**headers, "Referer": self.host + CHECK},
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as sent:
            if sent.status_code != 302 or "complaint-sent" not in sent.headers.get("Location", ""):
                sent.failure(f"submit: {sent.status_code}")
                return
        self.client.get("/complain/complaint-sent/", headers=headers, name="complaint sent")
