"""A real Koers server for the browser tests: its own database, the demo data, `koers serve`.

Not pytest-django's live_server: that one flushes tables between tests, and the audit trail's
append-only triggers refuse the flush. A subprocess is also closer to what people run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
KOERS = Path(sys.executable).parent / "koers"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    started = time.monotonic()
    with log.open("a") as out:
        out.write(f"$ koers {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own script with fixed arguments
            [str(KOERS), *args],
            check=False,
            env=env,
            cwd=BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    with log.open("a") as out:
        out.write(f"({time.monotonic() - started:.1f}s)\n")
    if result.returncode != 0:
        raise RuntimeError(
            f"`koers {' '.join(args)}` failed for the browser server:\n{log.read_text()}"
        )


@dataclass
class PostgresDatabase:
    """A database of its own for the browser server, next to the one the test run uses."""

    admin_url: str
    name: str

    @classmethod
    def beside(cls, url: str, suffix: str) -> PostgresDatabase:
        parts = urlsplit(url)
        name = parts.path.lstrip("/") + suffix
        return cls(admin_url=url, name=name)

    @property
    def url(self) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path="/" + self.name))

    def _execute(self, sql: str) -> None:
        import psycopg
        from psycopg import sql as psql

        # Through the maintenance database: the test run's own database may not exist yet.
        maintenance = urlunsplit(urlsplit(self.admin_url)._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(psql.SQL(sql).format(psql.Identifier(self.name)))

    def create(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._execute("CREATE DATABASE {}")

    def drop(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


@dataclass
class KoersServer:
    """`koers migrate`, `koers demo` and `koers serve` on a fresh database in `var_dir`."""

    var_dir: Path
    database_url: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.var_dir / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            # The test environment's faster parts (cheap hashing, tasks inline, mail in memory),
            # with DEBUG off so visitors see Koers's own error pages, as in production;
            # `serve --insecure` serves the static files from the apps and node_modules.
            KOERS_ENV="test",
            DEBUG="false",
            DATABASE_URL=self.database_url,
            KOERS_VAR_DIR=str(self.var_dir),
            KOERS_BASE_URL=self.url,
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return env

    def start(self) -> None:
        env = self.environment()
        # Dutch pages need compiled catalogues (.mo files are not committed).
        _run(["compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0"], env, self.log)
        _run(["migrate", "--no-input", "-v0"], env, self.log)
        _run(["demo"], env, self.log)
        out = self.log.open("a")
        self.process = subprocess.Popen(  # noqa: S603 - our own script with fixed arguments
            [str(KOERS), "serve", f"127.0.0.1:{self.port}", "--noreload", "--insecure"],
            env=env,
            cwd=BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"The Koers server stopped at start:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"The Koers server did not answer within {START_TIMEOUT:.0f}s:\n{self.log.read_text()}"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
