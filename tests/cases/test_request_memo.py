"""Every page reads the organisation's settings once, however many rules ask for them."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from putright.cases import rules

from .conftest import act


def test_the_case_page_reads_the_organisation_once(client, make_complaint, staff):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    client.force_login(staff["caseworker"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    reads = [q for q in queries.captured_queries if "cases_organisationsettings" in q["sql"]]
    assert len(reads) == 1


def test_outside_a_request_each_call_reads_afresh(org):
    first = rules.organisation()
    org.division = "scotland"
    org.save(update_fields=["division"])
    assert first.division == "england-and-wales"
    assert rules.organisation().division == "scotland"
