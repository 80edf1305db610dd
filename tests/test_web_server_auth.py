"""The restricted site's web server (deploy/nginx/kehoach-mat.conf), run for real: nginx serves a
built folder on 127.0.0.1 and refuses every request without the right name and password.

The server block is taken from the documented file as it is; only its listen address, site folder
and password file are pointed at this test's own (each must be found exactly once, so a change to
the file's shape fails here rather than going untested). nginx runs as the current user with its
pid, logs and temporary folders under tmp_path, and is stopped at the end.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "deploy/nginx/kehoach-mat.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
USER, PASSWORD = "van-thu", "Mật-khẩu đúng 2019"
PAGE = "Kế hoạch số 12-KH/TU — trang hạn chế"
STARTUP_TIMEOUT = 10.0


def ssha(password: str) -> str:
    """A {SSHA} password line value (salted SHA-1, which nginx reads), made with Python alone — as
    deploy/README.md shows."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode("utf-8") + salt).digest() + salt).decode("ascii")


def openssl_sha512_crypt(password: str) -> str | None:
    """`openssl passwd -6` (deploy/README.md's other way), or None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    return subprocess.run([openssl, "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True, check=True).stdout.strip()


def _replace_once(text: str, directive: str, value: str) -> str:
    """The one active `directive …;` line of the file given value instead (commented lines stay)."""
    pattern = rf"^([ \t]*){directive}[ \t][^;\n]*;"
    found = re.findall(pattern, text, flags=re.MULTILINE)
    assert len(found) == 1, f"{CONF.relative_to(REPO)}: expected one active `{directive}` line, found {len(found)}"
    return re.sub(pattern, lambda match: f"{match.group(1)}{directive} {value};", text, flags=re.MULTILINE)


def server_block(port: int, root: Path, users: Path) -> str:
    """The documented server block, listening on 127.0.0.1:port and serving root with users' passwords."""
    text = CONF.read_text(encoding="utf-8")
    text = _replace_once(text, "listen", f"127.0.0.1:{port}")
    text = _replace_once(text, "root", str(root))
    return _replace_once(text, "auth_basic_user_file", str(users))


def _nginx_build_flags(nginx: str) -> str:
    return subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr


def nginx_conf(nginx: str, prefix: Path, server: str) -> str:
    """A whole nginx.conf around the server block: everything nginx writes stays under prefix."""
    lines = [f"pid {prefix / 'nginx.pid'};", f"error_log {prefix / 'error.log'} info;"]
    if os.geteuid() == 0:  # a root master would hand the workers to "nobody", who cannot read tmp_path
        import grp
        import pwd

        lines.append(f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};")
    lines += ["worker_processes 1;", "events { worker_connections 64; }", "http {"]
    lines.append(f"    include {MIME_TYPES};" if MIME_TYPES.is_file() else "    types { text/html html; text/css css; application/javascript js; }")
    lines += ["    default_type application/octet-stream;", f"    access_log {prefix / 'access.log'};"]
    flags = _nginx_build_flags(nginx)
    for directive, module in (
        ("client_body_temp_path", None),
        ("proxy_temp_path", "proxy"),
        ("fastcgi_temp_path", "fastcgi"),
        ("uwsgi_temp_path", "uwsgi"),
        ("scgi_temp_path", "scgi"),
    ):
        if module is None or f"--without-http_{module}_module" not in flags:
            lines.append(f"    {directive} {prefix / 'temp' / directive};")
    lines += [server, "}"]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int, error_log: Path) -> None:
    """Poll the port until it accepts a connection; fail with nginx's own words if it stops or never listens."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            log = error_log.read_text(encoding="utf-8", errors="replace") if error_log.is_file() else ""
            pytest.fail(f"nginx stopped (exit code {process.returncode}) before listening:\n{output}\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on 127.0.0.1:{port} within {STARTUP_TIMEOUT} s")


@dataclass(frozen=True)
class Server:
    port: int
    prefix: Path

    def get(self, path: str = "/", auth: tuple[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {}
            if auth is not None:
                token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
                headers["Authorization"] = f"Basic {token}"
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            body = response.read().decode("utf-8", errors="replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if os.name == "nt":
        pytest.skip("deploy/nginx/kehoach-mat.conf is for a Debian server: tested on Linux (scripts/test.sh)")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)  # /usr/sbin: often off a user's PATH
    if nginx is None:
        pytest.fail("nginx is not installed: the restricted site's web server cannot be tested (Debian: apt-get install nginx-light; scripts/test.sh installs it)")
    site = tmp_path / "site-mat"
    (site / "ke-hoach" / "12-kh-tu").mkdir(parents=True)
    (site / "index.html").write_text(f"<!doctype html><meta charset=utf-8><title>{PAGE}</title><h1>{PAGE}</h1>\n", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><meta charset=utf-8><h1>Không tìm thấy trang</h1>\n", encoding="utf-8")
    (site / "ke-hoach" / "12-kh-tu" / "index.html").write_text("<h1>Kế hoạch 12</h1>\n", encoding="utf-8")
    (site / "tai-lieu").mkdir()  # a folder without index.html: never listed
    (site / "tai-lieu" / "bien-ban.txt").write_text("biên bản\n", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    users = tmp_path / "kehoach-mat.htpasswd"
    lines = [f"{USER}:{ssha(PASSWORD)}"]
    crypted = openssl_sha512_crypt(PASSWORD)
    if crypted is not None:
        lines.append(f"van-thu-2:{crypted}")
    users.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = tmp_path / "nginx"
    (prefix / "temp").mkdir(parents=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(nginx, prefix, server_block(port, site, users)), encoding="utf-8")
    test = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], capture_output=True, text=True)
    assert test.returncode == 0, f"nginx -t refused the configuration made from {CONF.relative_to(REPO)}:\n{test.stderr}\n{conf.read_text(encoding='utf-8')}"
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_listening(process, port, prefix / "error.log")
        yield Server(port, prefix)
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown, master and workers
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_request_without_credentials_is_refused(server: Server) -> None:
    status, headers, body = server.get("/")
    assert status == 401
    assert headers["www-authenticate"].startswith("Basic realm=")
    assert PAGE not in body
    status, _, body = server.get("/ke-hoach/12-kh-tu/")
    assert status == 401 and "Kế hoạch 12" not in body


def test_wrong_password_or_user_is_refused(server: Server) -> None:
    for auth in ((USER, "sai mật khẩu"), (USER, ""), ("nguoi-la", PASSWORD), (USER.upper(), PASSWORD)):
        status, _, body = server.get("/", auth=auth)
        assert status == 401, auth
        assert PAGE not in body


def test_right_credentials_are_served(server: Server) -> None:
    status, headers, body = server.get("/", auth=(USER, PASSWORD))
    assert status == 200
    assert PAGE in body
    assert headers["content-type"].startswith("text/html")
    status, _, body = server.get("/ke-hoach/12-kh-tu/", auth=(USER, PASSWORD))
    assert status == 200 and "Kế hoạch 12" in body


def test_password_made_with_openssl_is_accepted(server: Server) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("không có openssl: chỉ thử mật khẩu tạo bằng Python")
    assert server.get("/", auth=("van-thu-2", PASSWORD))[0] == 200
    assert server.get("/", auth=("van-thu-2", "sai"))[0] == 401


def test_security_headers_on_pages_and_refusals(server: Server) -> None:
    for auth in (None, (USER, PASSWORD)):
        _, headers, _ = server.get("/", auth=auth)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "no-referrer"
        assert "nginx/" not in headers.get("server", "")  # no version shown


def test_no_listing_no_hidden_files_read_only(server: Server) -> None:
    auth = (USER, PASSWORD)
    status, _, body = server.get("/tai-lieu/", auth=auth)
    assert status in (403, 404) and "bien-ban.txt" not in body
    status, _, body = server.get("/.git/config", auth=auth)
    assert status in (403, 404) and "[core]" not in body
    assert server.get("/tai-lieu/bien-ban.txt", auth=auth)[0] == 200  # a file is served; only the listing is not
    assert server.get("/", auth=auth, method="POST")[0] in (403, 405)
    assert server.get("/", auth=auth, method="DELETE")[0] in (403, 405)
