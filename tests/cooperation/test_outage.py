"""Outages that look like outages: with the database unreachable every page is a 503 page
that needs no database, /healthz is a 503 JSON answer even for a logged-in user, and
the portal recovers by itself when the database is back."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory

from agreements.models import Role
from cooperation import outage

from ..factories import UserFactory, WorkUnitFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent
OUTAGE_TITLE_ID = "Layanan sedang tidak tersedia"
OUTAGE_TITLE_EN = "Service temporarily unavailable"


def unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: timeout')


def database_down():
    """Every query of the request fails as with PostgreSQL gone: no connection can be made."""
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", unreachable)


@pytest.fixture
def officer_client(officer):
    # Django's test client re-raises a view's exception; a browser gets the response.
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


def assert_outage_page(response, title=OUTAGE_TITLE_ID):
    assert response.status_code == 503
    text = response.content.decode()
    assert title in text
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]


# --- pages -------------------------------------------------------------------------------


def test_it_answers_a_logged_in_users_page_with_the_outage_page(officer_client):
    with database_down():
        response = officer_client.get("/tasks/")

    assert_outage_page(response)
    text = response.content.decode()
    assert "Portal saat ini tidak dapat terhubung ke basis data." in text
    assert "Data Anda aman." in text
    assert "Silakan coba lagi dalam beberapa menit." in text
    assert "hubungi administrator TI" in text
    assert response["Content-Language"] == "id"


@pytest.mark.parametrize(
    ("where", "target", "exception"),
    [
        # Middleware: the session is loaded when a middleware first reads it.
        ("session load", "django.contrib.sessions.backends.db.SessionStore.load", OperationalError),
        # Middleware: the user is looked up on the first request.user.
        ("user lookup", "django.contrib.auth.get_user", InterfaceError),
        # The view itself.
        ("view", "agreements.views.followup.task_list", OperationalError),
    ],
)
def test_it_answers_503_wherever_in_the_request_the_database_fails(
    officer_client, where, target, exception
):
    with mock.patch(target, side_effect=exception("server closed the connection unexpectedly")):
        response = officer_client.get("/tasks/")

    assert_outage_page(response)


def test_it_answers_503_when_saving_the_session_fails_after_the_view(officer_client, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True

    with mock.patch.object(SessionStore, "save", side_effect=OperationalError("gone")) as save:
        response = officer_client.get("/tasks/")

    assert save.called
    assert_outage_page(response)


def test_it_answers_a_login_with_the_outage_page(officer):
    client = Client(raise_request_exception=False)

    with database_down():
        response = client.post(
            "/accounts/login/", {"username": "officer", "password": "whatever-it-is-1"}
        )

    assert_outage_page(response)
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_it_speaks_english_on_the_outage_page_when_the_user_chose_english(officer_client):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with database_down():
        response = officer_client.get("/tasks/")

    assert_outage_page(response, title=OUTAGE_TITLE_EN)
    assert "The portal cannot reach its database at the moment." in response.content.decode()
    assert response["Content-Language"] == "en"


def test_it_keeps_other_errors_a_500(officer_client):
    with mock.patch("agreements.views.followup.task_list", side_effect=RuntimeError("bug")):
        response = officer_client.get("/tasks/")

    assert response.status_code == 500
    assert OUTAGE_TITLE_ID not in response.content.decode()
    assert "Retry-After" not in response


def test_it_recognises_a_connection_error_wrapped_in_another_exception():
    try:
        try:
            raise OperationalError("could not connect to server")
        except OperationalError as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError as wrapped:
        assert outage.is_database_outage(wrapped)
    assert not outage.is_database_outage(RuntimeError("a bug"))
    assert not outage.is_database_outage(None)


def test_it_renders_the_outage_page_without_any_database(caplog):
    # No db fixture: pytest-django makes any database access an error here.
    request = RequestFactory().get("/tasks/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")

    response = outage.outage_response(request)

    assert response.status_code == 503
    text = response.content.decode()
    assert OUTAGE_TITLE_ID in text
    # The template itself, with its stylesheets, not the plain fallback.
    assert "/static/css/portal.css" in text
    assert "Biro Administrasi Kerjasama" in text
    assert "<style" not in text and "style=" not in text and "<script" not in text
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


# --- /healthz ----------------------------------------------------------------------------


def test_it_answers_the_probe_with_503_json_for_a_logged_in_user(officer_client):
    with database_down():
        response = officer_client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_it_answers_the_probe_with_503_json_for_a_stale_session_cookie(db):
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-no-longer-exists"

    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_it_answers_the_probe_without_loading_the_session(
    officer_client, django_assert_num_queries
):
    with django_assert_num_queries(1) as queries:
        response = officer_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert "Vary" not in response  # the session was never read


# --- the connect timeout setting -----------------------------------------------------------

READ_DATABASE_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps([db.get('OPTIONS', {}), db.get('CONN_HEALTH_CHECKS', False)]))"
)


def database_settings_with(**variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_CONNECT_TIMEOUT"}
    env.update(DJANGO_SETTINGS_MODULE="cooperation.settings", DEBUG="1", **variables)
    return subprocess.run(
        [sys.executable, "-c", READ_DATABASE_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


POSTGRES_URL = "postgres://portal@db.example:5432/kerjasama"


@pytest.mark.parametrize(
    ("variables", "timeout"), [({}, 5), ({"DATABASE_CONNECT_TIMEOUT": "2"}, 2)]
)
def test_it_passes_the_connect_timeout_to_postgresql(variables, timeout):
    result = database_settings_with(DATABASE_URL=POSTGRES_URL, **variables)

    assert result.returncode == 0, result.stderr
    options, health_checks = json.loads(result.stdout)
    assert options["connect_timeout"] == timeout
    # A kept connection broken by an outage is checked and replaced on the next request.
    assert health_checks is True


@pytest.mark.parametrize("value", ["0", "soon"])
def test_it_refuses_to_start_with_a_connect_timeout_it_cannot_use(value):
    result = database_settings_with(DATABASE_URL=POSTGRES_URL, DATABASE_CONNECT_TIMEOUT=value)

    assert result.returncode != 0
    assert "DATABASE_CONNECT_TIMEOUT" in result.stderr


# --- recovery against a real PostgreSQL --------------------------------------------------


class SwitchableProxy:
    """A TCP proxy on loopback in front of PostgreSQL. ``cut()`` closes every connection and
    then accepts new ones without ever answering (packets dropped, as in a network
    outage: the client waits for its connect timeout); ``restore()`` forwards again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.forwarding = True
        self.running = True
        self.lock = threading.Lock()
        self.live: list[socket.socket] = []
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                if not self.forwarding:
                    self.held.append(client)
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                self.live += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                _close(end)

    def cut(self):
        with self.lock:
            self.forwarding = False
            for end in self.live:
                _close(end)
            self.live.clear()

    def restore(self):
        with self.lock:
            self.forwarding = True
            for end in self.held:
                _close(end)
            self.held.clear()

    def close(self):
        self.running = False
        self.cut()
        self.restore()
        self.listener.close()
        self.thread.join(timeout=2)


def _close(end: socket.socket):
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body)


def fetch(port: int, path: str, session: str | None = None) -> Answer:
    # Behind the documented HTTPS proxy, as in production: the request counts as secure.
    headers = {"X-Forwarded-Proto": "https"}
    if session:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode()
    finally:
        conn.close()
    return Answer(response.status, dict(response.getheaders()), body, time.monotonic() - started)


# No collectstatic in a test: plain static storage instead of the production manifest.
SETTINGS_MODULE = """\
from cooperation.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


@pytest.fixture
def portal_behind_proxy(transactional_db, tmp_path):
    """The portal in production mode (gunicorn, DEBUG off, one worker) on the test database,
    reached through the switchable proxy with a 1 s connect timeout."""
    db = connection.settings_dict
    proxy = SwitchableProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    (tmp_path / "outage_settings.py").write_text(SETTINGS_MODULE)
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(BASE_DIR)]),
        "DJANGO_SETTINGS_MODULE": "outage_settings",
        "DEBUG": "0",
        # The same key as the test, so the session made here is valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DATABASE_CONNECT_TIMEOUT": "1",
        "LOG_LEVEL": "CRITICAL",
    }
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "cooperation.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
            *("--timeout", "30", "--graceful-timeout", "2"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(port, "/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = (tmp_path / "server.log").read_text()
                    pytest.fail(f"the portal did not start:\n{output}")
                time.sleep(0.1)
        yield server, port, proxy
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        proxy.close()


@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs a real PostgreSQL server to cut the portal off from (SQLite is a file)",
)
def test_it_answers_503_during_an_outage_and_recovers_without_a_restart(portal_behind_proxy):
    server, port, proxy = portal_behind_proxy
    unit = WorkUnitFactory(name="Dinas Uji Gangguan", abbreviation="DUG")
    officer = UserFactory(username="officer-outage", role=Role.SKPD, work_unit=unit)
    browser = Client()
    browser.force_login(officer)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value

    before = fetch(port, "/healthz")
    page_before = fetch(port, "/tasks/", session)
    assert before.status == 200
    assert before.json() == {"status": "ok", "database": "ok"}
    assert page_before.status == 200
    assert 'data-testid="logout"' in page_before.body  # signed in as the officer

    proxy.cut()
    probe = fetch(port, "/healthz")
    probe_logged_in = fetch(port, "/healthz", session)
    page = fetch(port, "/tasks/", session)

    for answer in (probe, probe_logged_in):
        assert answer.status == 503
        assert answer.headers["Content-Type"] == "application/json"
        assert answer.json() == {"status": "unavailable", "database": "unreachable"}
    assert page.status == 503
    assert OUTAGE_TITLE_ID in page.body
    assert page.headers["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    # Each bounded by the 1 s connect timeout (libpq before 17 makes it 2 s), not a long hang.
    assert max(probe.seconds, probe_logged_in.seconds, page.seconds) < 6

    proxy.restore()
    after = fetch(port, "/healthz")
    page_after = fetch(port, "/tasks/", session)

    assert after.status == 200
    assert after.json() == {"status": "ok", "database": "ok"}
    assert page_after.status == 200
    assert 'data-testid="logout"' in page_after.body
    assert server.poll() is None  # the same server process throughout
