"""The release-feed check against a real loopback server: what it finds, what it refuses, what it sends."""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app import __version__
from app.core.settings import Settings, UpdateSettings, load_settings, save_settings
from app.core.updates import (
    USER_AGENT,
    UpdateCheckError,
    check_is_due,
    feed_url_problem,
    fetch_update_status,
    is_newer,
    parse_feed,
    timestamp,
)
from tests.support.feed_server import FeedServer

UTC = datetime.UTC


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


# ---------------------------------------------------------------------- versions


@pytest.mark.parametrize(
    ("latest", "current", "newer"),
    [
        ("0.2.0", "0.1.0", True),
        ("0.1.0", "0.1.0", False),
        ("0.1.0", "0.2.0", False),
        ("0.10.0", "0.9.0", True),  # numbers, not text
        ("1.0", "1.0.0", False),
        ("0.1.1", "0.1.0", True),
        ("0.2.0rc1", "0.1.0", False),  # a test build is not offered to a stable user
        ("0.2.0rc2", "0.2.0rc1", True),  # but it is to someone already testing
        ("0.2.0", "0.2.0rc1", True),
        ("0.1.0.post1", "0.1.0", True),
    ],
)
def test_versions_compare_by_pep_440(latest: str, current: str, newer: bool) -> None:
    assert is_newer(latest, current) is newer


def test_an_unreadable_version_is_an_error() -> None:
    with pytest.raises(UpdateCheckError, match="cannot read"):
        is_newer("next week", "0.1.0")


# ---------------------------------------------------------------------- the feed document


def feed(**latest: object) -> bytes:
    return json.dumps({"latest": latest}).encode()


def test_a_feed_is_read() -> None:
    status = parse_feed(
        feed(
            version="0.2.0",
            released="2026-12-01",
            notes_url="https://example.org/notes",
            page_url="https://example.org/releases/0.2.0",
        ),
        current="0.1.0",
    )
    assert status.newer
    assert status.latest == "0.2.0"
    assert status.page_url == "https://example.org/releases/0.2.0"
    assert status.notes_url == "https://example.org/notes"
    assert status.released == "2026-12-01"
    assert status.current == "0.1.0"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", '"latest"'),
        (b'{"latest": "0.2.0"}', '"latest"'),
        (feed(page_url="https://example.org"), '"version"'),
        (feed(version="0.2.0"), "page_url"),
        (feed(version="0.2.0", page_url="javascript:alert(1)"), "page_url"),
        (feed(version="0.2.0", page_url="http://example.org/releases"), "page_url"),
    ],
)
def test_a_broken_feed_says_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(UpdateCheckError, match=message):
        parse_feed(data, current="0.1.0")


def test_a_notes_link_that_is_not_https_is_dropped() -> None:
    status = parse_feed(feed(version="0.2.0", page_url="https://e.org/r", notes_url="file:///etc/passwd"))
    assert status.notes_url == ""


# ---------------------------------------------------------------------- the address rule


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/copydesk/latest.json",
        "https://example.org:8443/feed",
        "http://127.0.0.1:8000/feed.json",
        "http://127.5.6.7/feed.json",
        "http://localhost/feed.json",
        "http://[::1]:9000/feed.json",
    ],
)
def test_https_anywhere_and_http_on_this_computer_are_accepted(url: str) -> None:
    assert feed_url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "no address"),
        ("   ", "no address"),
        ("http://example.org/feed.json", "https://"),
        ("http://10.0.0.5/feed.json", "https://"),
        ("http://localhost.example.org/feed.json", "https://"),
        ("ftp://example.org/feed.json", "not a web address"),
        ("file:///home/me/feed.json", "not a web address"),
        ("example.org/feed.json", "not a web address"),
        ("https://me:secret@example.org/feed.json", "user name or password"),
    ],
)
def test_other_addresses_are_refused(url: str, message: str) -> None:
    problem = feed_url_problem(url)
    assert problem is not None and message in problem
    with pytest.raises(UpdateCheckError, match="cannot be used"):
        fetch_update_status(url)


# ---------------------------------------------------------------------- over the wire


def test_a_newer_version_is_found(feed_server: FeedServer) -> None:
    url = feed_server.feed("/latest.json", "0.2.0")
    status = fetch_update_status(url, "0.1.0")
    assert status.newer
    assert status.latest == "0.2.0"
    assert status.page_url == "https://example.org/copydesk/releases"


def test_the_same_version_is_not_news(feed_server: FeedServer) -> None:
    status = fetch_update_status(feed_server.feed("/latest.json", __version__))
    assert not status.newer
    assert status.current == __version__


def test_an_older_version_is_not_news(feed_server: FeedServer) -> None:
    assert not fetch_update_status(feed_server.feed("/latest.json", "0.0.9"), "0.1.0").newer


def test_malformed_json_is_an_error(feed_server: FeedServer) -> None:
    url = feed_server.serve("/latest.json", '{"latest": {"version": "0.2.0",')
    with pytest.raises(UpdateCheckError, match="not valid JSON"):
        fetch_update_status(url)


def test_a_missing_feed_says_its_status(feed_server: FeedServer) -> None:
    with pytest.raises(UpdateCheckError, match="HTTP 404"):
        fetch_update_status(feed_server.url("/nothing-here.json"))


def test_a_server_error_says_its_status(feed_server: FeedServer) -> None:
    url = feed_server.serve("/latest.json", "oops", status=503)
    with pytest.raises(UpdateCheckError, match="HTTP 503"):
        fetch_update_status(url)


def test_a_slow_feed_times_out_quickly(feed_server: FeedServer) -> None:
    url = feed_server.serve("/latest.json", '{"latest": {}}', delay_s=3.0)
    with pytest.raises(UpdateCheckError, match="did not answer in time"):
        fetch_update_status(url, read_timeout=0.3)


def test_nothing_listening_is_an_error() -> None:
    server = FeedServer().start()
    url = server.url("/latest.json")
    server.stop()
    with pytest.raises(UpdateCheckError, match="Could not reach"):
        fetch_update_status(url, connect_timeout=1.0)


def test_an_unusable_proxy_setting_is_a_readable_error(feed_server: FeedServer) -> None:
    with pytest.raises(UpdateCheckError, match="network settings"):
        fetch_update_status(feed_server.feed("/latest.json", "0.2.0"), proxy="not a proxy")
    assert feed_server.count() == 0


def test_a_huge_answer_is_not_read_to_the_end(feed_server: FeedServer) -> None:
    url = feed_server.serve("/latest.json", b" " * (200 * 1024))
    with pytest.raises(UpdateCheckError, match="larger than"):
        fetch_update_status(url)


def test_the_request_says_only_what_copydesk_is(feed_server: FeedServer) -> None:
    fetch_update_status(feed_server.feed("/latest.json", "0.2.0"))
    [request] = feed_server.requests
    assert request.headers["user-agent"] == USER_AGENT == f"Copydesk/{__version__}"
    assert set(request.headers) <= {"host", "user-agent", "accept", "accept-encoding", "connection"}
    assert request.path == "/latest.json"  # no query string: nothing about this computer


def test_redirects_are_followed_without_cookies(feed_server: FeedServer) -> None:
    feed_server.feed("/v2/latest.json", "0.2.0")
    url = feed_server.serve(
        "/latest.json",
        "",
        status=302,
        headers={"Location": "/v2/latest.json", "Set-Cookie": "visitor=12345; Path=/"},
    )
    assert fetch_update_status(url, "0.1.0").newer
    assert [r.path for r in feed_server.requests] == ["/latest.json", "/v2/latest.json"]
    assert all("cookie" not in r.headers for r in feed_server.requests)


def test_a_redirect_to_plain_http_elsewhere_is_refused(feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/latest.json", "", status=301, headers={"Location": "http://example.org/latest.json"}
    )
    with pytest.raises(UpdateCheckError, match="https://"):
        fetch_update_status(url)
    assert feed_server.count() == 1


def test_a_redirect_loop_ends(feed_server: FeedServer) -> None:
    url = feed_server.serve("/latest.json", "", status=302, headers={"Location": "/latest.json"})
    with pytest.raises(UpdateCheckError, match="too many"):
        fetch_update_status(url)
    assert feed_server.count() == 4


def _self_signed(folder: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


def test_tls_is_verified(tmp_path: Path) -> None:
    """An https feed whose certificate nobody vouches for is not believed."""
    with FeedServer(tls=_self_signed(tmp_path)) as server:
        url = server.feed("/latest.json", "9.0.0")
        assert url.startswith("https://127.0.0.1:")
        with pytest.raises(UpdateCheckError, match="certificate"):
            fetch_update_status(url, trust_env=False)


# ---------------------------------------------------------------------- once a day


def test_a_check_is_due_once_a_day() -> None:
    now = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert check_is_due("", now)
    assert check_is_due("not a date", now)
    assert not check_is_due(timestamp(now - datetime.timedelta(hours=1)), now)
    assert not check_is_due(timestamp(now - datetime.timedelta(hours=23, minutes=59)), now)
    assert check_is_due(timestamp(now - datetime.timedelta(days=1, seconds=1)), now)
    assert check_is_due(timestamp(now + datetime.timedelta(days=3)), now)  # a clock that was wrong
    assert not check_is_due("2026-12-02T08:00:00", now)  # no zone: read as UTC


# ---------------------------------------------------------------------- settings


def test_update_checks_are_off_by_default() -> None:
    assert Settings().updates == UpdateSettings(check_for_updates=False, feed_url="", last_checked="")


def test_update_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    updates = UpdateSettings(
        check_for_updates=True,
        feed_url="https://example.org/copydesk/latest.json",
        last_checked="2026-12-01T09:30:00+00:00",
    )
    save_settings(path, Settings(updates=updates))
    loaded = load_settings(path)
    assert loaded.warnings == ()
    assert loaded.settings.updates == updates


def test_an_older_settings_file_gets_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"schema_version": 1, "appearance": {"theme": "dark"}}', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.warnings == ()
    assert loaded.settings.updates == UpdateSettings()
    assert loaded.settings.appearance.theme == "dark"


def test_a_mistyped_update_setting_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        '{"updates": {"check_for_updates": "yes", "feed_url": "https://example.org/f.json"}}',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings.updates.check_for_updates is False
    assert loaded.settings.updates.feed_url == "https://example.org/f.json"
    assert any("check_for_updates" in w for w in loaded.warnings)
