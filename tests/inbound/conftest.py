"""Fixtures for inbound mail: staff and an organisation, a Maildir in a temporary folder, and a
real IMAP server (Debian's Dovecot) started for the tests on a free local port."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from putright.accounts.models import Role, StaffUser, Team
from putright.cases.actions import ACTIONS
from putright.cases.actors import System
from putright.cases.models import Complaint, OrganisationSettings
from putright.cases.services import NewComplaint, PersonDetails, complaint_create
from tests.inbound.mail import COUNCIL


@pytest.fixture(autouse=True)
def inbound_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = COUNCIL
    settings.PUTRIGHT_CONTACT_EMAIL = COUNCIL
    settings.INBOUND_PROCESSED_FOLDER = ""
    settings.INBOUND_PROCEDURE = ""
    settings.INBOUND_MAX_ATTEMPTS = 3
    settings.INBOUND_MAX_MESSAGES = 500


@pytest.fixture
def team(db: Any) -> Team:
    return Team.objects.create(code="customer-services", name="Customer Services")


@pytest.fixture
def staff(team: Team) -> dict[str, StaffUser]:
    people = {
        "caseworker": Role.CASEWORKER,
        "manager": Role.COMPLAINTS_MANAGER,
    }
    return {
        name: StaffUser.objects.create_user(
            username=name,
            password="not-used-in-these-tests",
            first_name=name.title(),
            role=role,
            grade=3,
            team=team,
        )
        for name, role in people.items()
    }


@pytest.fixture
def org(team: Team) -> OrganisationSettings:
    return OrganisationSettings.objects.create(
        name="Test Council",
        division="england-and-wales",
        procedures=["two-stage-review", "service-complaint"],
        default_team=team,
    )


@pytest.fixture
def open_case(org: OrganisationSettings, staff: dict[str, StaffUser]) -> Complaint:
    """A complaint that was accepted and assigned to the caseworker."""
    today = date.today()
    complaint = complaint_create(
        data=NewComplaint(
            procedure_id="two-stage-review",
            channel="phone",
            received_on=today,
            event_on=today,
            what_went_wrong="Nobody answered my letters.",
            put_right="An apology and an answer.",
            person=PersonDetails(full_name="Ffion Jones", email="ffion.jones@example.org"),
        ),
        actor=staff["caseworker"],
    )
    ACTIONS["acknowledge"](complaint, System("test set-up")).run({"sent_on": today})
    ACTIONS["accept"](complaint, staff["caseworker"]).run({})
    ACTIONS["assign"](complaint, staff["manager"]).run({"assignee": staff["caseworker"].pk})
    return Complaint.objects.get(pk=complaint.pk)


# -- a Maildir -------------------------------------------------------------------------------
class MaildirFolder:
    """A Maildir in a temporary folder; ``deliver`` writes a message into ``new`` as a mail
    delivery agent does (through ``tmp``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("cur", "new", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        self.count = 0

    @property
    def url(self) -> str:
        return f"maildir://{self.root}"

    def deliver(self, raw: bytes) -> Path:
        self.count += 1
        name = f"{int(time.time())}.M{self.count}P{os.getpid()}.testhost"
        (self.root / "tmp" / name).write_bytes(raw)
        return (self.root / "tmp" / name).rename(self.root / "new" / name)

    def seen(self) -> list[str]:
        return sorted(p.name for p in (self.root / "cur").iterdir() if p.name.endswith("S"))

    def waiting(self) -> list[str]:
        new = [p.name for p in (self.root / "new").iterdir()]
        cur = [p.name for p in (self.root / "cur").iterdir() if not p.name.endswith("S")]
        return sorted(new + cur)


@pytest.fixture
def maildir(tmp_path: Path, settings: Any) -> MaildirFolder:
    folder = MaildirFolder(tmp_path / "Maildir")
    settings.INBOUND_MAIL_URL = folder.url
    return folder


# -- a real IMAP server ----------------------------------------------------------------------
IMAP_USER = "complaints"
IMAP_PASSWORD = "imap-test-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dovecot:
    port: int
    log: Path
    mail_root: Path

    def url(self, folder: str = "INBOX", password: str = IMAP_PASSWORD) -> str:
        return f"imap://{IMAP_USER}:{password}@127.0.0.1:{self.port}/{folder}"


def dovecot_binary() -> str:
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else ""
    )
    if not found:
        pytest.fail(
            "Dovecot is not installed: the IMAP tests need a real IMAP server. Install Debian's "
            "dovecot-imapd (`apt-get install dovecot-imapd`; .ci/run does this)."
        )
    return found


def dovecot_config(
    version: str, *, root: Path, port: int, uid: int, gid: int, users: tuple[str, str]
) -> str:
    """A configuration of Dovecot's own, all in ``root``: plain IMAP on 127.0.0.1, one user
    from a passwd-file with a plaintext password, Maildir storage, no TLS. Dovecot 2.4 renamed
    most settings, so each major version gets its own."""
    login_user, internal_user = users
    common = f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = putright-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(uid, 1)}
first_valid_gid = 0
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""
    if version.startswith("2.3") or version.startswith("2.2"):
        return f"""{common}
disable_plaintext_auth = no
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
"""
    return f"""dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
{common}
auth_allow_cleartext = yes
default_internal_group = {pwd.getpwnam(internal_user).pw_gid if internal_user != "root" else 0}
mail_driver = maildir
mail_path = {root}/mail/%{{user}}
passdb passwd-file {{
  passwd_file_path = {root}/users
  passdb_default_password_scheme = PLAIN
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {root}/home/%{{user}}
  }}
}}
"""


def accounts_to_run_as() -> tuple[int, int, tuple[str, str]]:
    """Dovecot runs its mail processes as the current user; as root it may not, so then as its
    own ``dovecot`` account (login processes as ``dovenull``)."""
    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        return os.getuid(), os.getgid(), (me, me)
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
    except KeyError:
        pytest.fail(
            "Running as root, Dovecot needs its own 'dovecot' and 'dovenull' accounts, which "
            "Debian's dovecot-core package creates: install dovecot-imapd."
        )
    return internal.pw_uid, internal.pw_gid, (login.pw_name, internal.pw_name)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    binary = dovecot_binary()
    version = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not version:
        pytest.fail(f"{binary} --version said nothing: is Dovecot installed correctly?")
    # Not under pytest's tmp_path: as root, Dovecot's own account must reach the mail folder.
    root = Path(tempfile.mkdtemp(prefix="putright-dovecot-"))
    root.chmod(0o755)
    uid, gid, users = accounts_to_run_as()
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)
    (root / "users").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(dovecot_config(version, root=root, port=port, uid=uid, gid=gid, users=users))
    log = root / "dovecot.log"
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
                logged = log.read_text("utf-8", "replace") if log.exists() else ""
                pytest.fail(
                    f"Dovecot {version} did not start (exit status {process.returncode}): "
                    f"{stderr.strip()} {logged.strip()[-2000:]}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Dovecot {version} did not answer on 127.0.0.1:{port} within 15 s.")
            time.sleep(0.1)
        yield Dovecot(port=port, log=log, mail_root=root / "mail")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
