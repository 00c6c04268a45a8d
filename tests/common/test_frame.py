"""The GOV.UK page frame: pages, language switch, error pages, health, CSP and staff sign-in."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template, loader
from django.test import RequestFactory
from django.utils import translation

from putright.accounts.models import StaffUser
from putright.common.views import server_error

PUBLIC_PAGES = ["/", "/accessibility/", "/privacy/", "/cookies/", "/staff/sign-in/"]
PASSWORD = "correct-horse-battery-staple"


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no <html lang> attribute"
    return match.group(1)


@pytest.fixture
def welsh(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


@pytest.fixture
def staff_user(db):
    return StaffUser.objects.create_user(
        username="alice", password=PASSWORD, first_name="Alice", last_name="Jones"
    )


# Pages in English and Welsh


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_page_is_served_in_english_with_the_govuk_frame(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert html_lang(response) == "en"
    page = response.content.decode()
    assert 'class="govuk-template"' in page
    assert 'href="#main-content"' in page and 'id="main-content"' in page
    assert "Skip to main content" in page
    assert "Putright Demo Council" in page
    assert "govuk-phase-banner" in page
    for footer_link in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{footer_link}"' in page
    assert "Open Government Licence" not in page
    assert "Crown copyright" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_page_is_served_in_welsh_when_welsh_is_chosen(welsh, path):
    response = welsh.get(path)

    assert response.status_code == 200
    assert html_lang(response) == "cy"
    page = response.content.decode()
    assert "Neidio i’r prif gynnwys" in page
    assert "Cyngor Demo Putright" in page
    assert "Datganiad hygyrchedd" in page
    assert "Hysbysiad preifatrwydd" in page
    assert ">Cwcis<" in page


@pytest.mark.django_db
def test_no_crown_is_shown_unless_the_organisation_may_use_it(client, settings):
    assert "putright-crown.svg" not in client.get("/").content.decode()

    settings.PUTRIGHT_SHOW_CROWN = True
    assert "putright-crown.svg" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_current_language_is_marked_and_the_other_links_back_to_this_page(client):
    page = client.get("/privacy/?x=1").content.decode()

    assert '<span class="govuk-language-navigation__text" lang="en" aria-current="true">' in page
    assert 'href="/language/cy/?next=/privacy/%3Fx%3D1"' in page
    assert 'lang="cy" hreflang="cy"' in page


# Language switch


@pytest.mark.django_db
def test_switching_language_sets_the_cookie_and_goes_back_to_the_page(client):
    response = client.get("/language/cy/", {"next": "/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy"
    assert cookie["httponly"]
    assert html_lang(client.get("/privacy/")) == "cy"

    client.get("/language/en/", {"next": "/"})
    assert html_lang(client.get("/privacy/")) == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_switching_language_refuses_to_redirect_off_site(client, next_url):
    response = client.get("/language/cy/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switching_to_an_unknown_language_changes_nothing(client):
    response = client.get("/language/fr/", {"next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# Error pages and health


@pytest.mark.django_db
def test_a_missing_page_gets_the_govuk_page_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "If you typed the web address, check it is correct." in page
    assert "If you pasted the web address, check you copied the entire address." in page
    assert 'class="govuk-template"' in page


@pytest.mark.django_db
def test_the_page_not_found_page_is_in_welsh_too(welsh):
    response = welsh.get("/no-such-page/")

    assert response.status_code == 404
    assert "Tudalen heb ei chanfod" in response.content.decode()


def test_the_server_error_page_is_self_contained():
    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "/static/putright/build/app.css" in page
    assert "Putright Demo Council" in page
    assert "{{" not in page and "{%" not in page


def test_the_server_error_page_renders_in_welsh_without_a_request():
    with translation.override("cy"):
        page = loader.get_template("500.html").render({})

    assert '<html lang="cy"' in page
    assert "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth" in page


@pytest.mark.django_db
def test_healthz_reports_the_database_as_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True


# Content-Security-Policy


@pytest.mark.django_db
def test_the_csp_nonce_in_the_header_matches_the_inline_script(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    header_nonce = re.search(r"'nonce-([^']+)'", policy)
    assert header_nonce, policy
    assert "'unsafe-inline'" not in policy
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [f' nonce="{header_nonce.group(1)}"']


@pytest.mark.django_db
def test_every_page_gets_a_fresh_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]

    assert first != second


# Staff sign-in


@pytest.mark.django_db
def test_signing_in_with_nothing_shows_the_govuk_error_summary(client):
    response = client.post("/staff/sign-in/", {"username": "", "password": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Sign in" in page
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert '<span class="govuk-visually-hidden">Error:</span> Enter your username' in page
    assert 'aria-describedby="id_username-error"' in page


@pytest.mark.django_db
def test_a_wrong_password_keeps_the_username_but_not_the_password(client, staff_user):
    response = client.post("/staff/sign-in/", {"username": "alice", "password": "wrong"})

    page = response.content.decode()
    assert "Enter a correct username and password" in page
    assert '<a href="#id_username">Enter a correct username and password' in page
    assert 'value="alice"' in page
    assert 'value="wrong"' not in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_the_account_out(client, staff_user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/sign-in/", {"username": "alice", "password": "wrong"})

    response = client.post("/staff/sign-in/", {"username": "alice", "password": PASSWORD})

    page = response.content.decode()
    assert response.status_code in {403, 429}
    assert "You cannot sign in at the moment" in page
    assert "Try again in 30 minutes." in page
    assert "contact your administrator" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_signed_in_member_of_staff_can_sign_out_from_any_page(client, staff_user):
    signed_in = client.post("/staff/sign-in/", {"username": "alice", "password": PASSWORD})
    assert signed_in.status_code == 302

    page = client.get("/").content.decode()
    assert '<form class="app-sign-out" method="post" action="/staff/sign-out/">' in page
    assert 'class="app-sign-out__button">Sign out</button>' in page

    signed_out = client.post("/staff/sign-out/")
    assert signed_out.status_code == 302
    assert signed_out["Location"] == "/staff/sign-in/"
    assert "app-sign-out" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_sign_out_is_in_welsh_for_a_welsh_speaker(welsh, staff_user):
    welsh.force_login(staff_user)

    assert ">Allgofnodi</button>" in welsh.get("/").content.decode()


@pytest.mark.django_db
def test_the_staff_landing_page_names_the_person_and_their_role(rf, staff_user):
    request = rf.get("/staff/")
    request.user = staff_user

    with translation.override("en"):
        page = loader.render_to_string("accounts/home.html", request=request)

    assert "Signed in as Alice Jones, role Caseworker." in page


# The reusable GOV.UK form fields


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your bank card")
    summary = forms.CharField(label="What went wrong?", widget=forms.Textarea)
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")])
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    happened = forms.CharField(
        label="When did it happen?",
        widget=forms.MultiWidget(widgets=[forms.TextInput] * 3),
        required=False,
    )
    agree = forms.BooleanField(label="I agree")


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_each_error_links_to_the_first_control_of_its_field():
    form = ExampleForm(data={"happened_0": "1"})
    form.add_error("happened", "Enter a real date")

    page = render("{% govuk_error_summary form %}", form=form)

    for target in ("id_name", "id_summary", "id_colour", "id_contact_0", "id_topics_0"):
        assert f'href="#{target}"' in page
    assert 'href="#id_happened_0">Enter a real date' in page
    assert 'href="#id_agree"' in page


def test_fields_render_as_govuk_components_with_hints_and_errors():
    form = ExampleForm(data={"contact": "post", "topics": ["b"], "happened_0": "3"})

    page = render(
        "{% govuk_field form.name classes='govuk-input--width-20' %}"
        "{% govuk_field form.summary label_size='l' is_page_heading=True %}"
        "{% govuk_field form.colour %}{% govuk_field form.contact %}"
        "{% govuk_field form.topics %}{% govuk_field form.happened %}"
        "{% govuk_field form.agree %}",
        form=form,
    )

    assert '<div id="id_name-hint" class="govuk-hint">As on your bank card</div>' in page
    assert 'aria-describedby="id_name-hint id_name-error"' in page
    assert "govuk-input govuk-input--width-20 govuk-input--error" in page
    assert '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l"' in page
    assert 'class="govuk-textarea govuk-textarea--error"' in page
    assert 'class="govuk-select govuk-select--error"' in page
    assert 'id="id_contact_1" name="contact" type="radio" value="post" checked' in page
    assert 'id="id_topics_1" name="topics" type="checkbox" value="b" checked' in page
    assert 'id="id_happened_0" name="happened_0" type="text" inputmode="numeric" value="3"' in page
    assert "govuk-date-input__input govuk-input--width-4" in page
    assert 'class="govuk-checkboxes__input"' in page
    assert page.count("govuk-form-group--error") == 4  # name, summary, colour, agree


def test_a_request_too_large_to_read_gets_a_govuk_page_not_a_bare_error(client, settings):
    settings.DEBUG = False
    response = client.post("/staff/sign-in/", {"username": "x" * 3_000_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, we could not read what you sent" in page
    assert "govuk-template" in page
