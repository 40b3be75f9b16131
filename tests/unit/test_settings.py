"""Settings (xborder.config): read from XBORDER_* variables, validated at start."""

import os
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from xborder.config import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment with no XBORDER_ variable at all."""
    for name in list(os.environ):
        if name.startswith("XBORDER_"):
            monkeypatch.delenv(name)


def test_the_defaults_need_no_setup() -> None:
    s = Settings()
    assert s.data_dir == Path("var") and s.database_url == ""
    assert (s.host, s.port, s.max_body_bytes) == ("127.0.0.1", 8000, 1 << 20)
    assert s.trusted_hosts == "127.0.0.1,localhost,[::1],testserver"
    assert (s.secure_cookies, s.run_jobs, s.job_intervals_json) == ("auto", True, "")
    assert s.job_intervals() == {"exchange.delivery": 1.0}
    assert s.url == f"sqlite:///{(Path('var') / 'xborder.db').resolve()}"


def test_each_setting_is_read_from_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "XBORDER_DATA_DIR": "/srv/xborder",
        "XBORDER_DATABASE_URL": "postgresql://x@db/xborder",
        "XBORDER_HOST": "10.0.0.5",
        "XBORDER_PORT": "8443",
        "XBORDER_MAX_BODY_BYTES": "2048",
        "XBORDER_TRUSTED_HOSTS": "xborder.example.org",
        "XBORDER_SECURE_COOKIES": "always",
        "XBORDER_MAX_FAILED_LOGINS": "7",
        "XBORDER_DELIVERY_BACKOFF_SECONDS": "0",
        "XBORDER_RUN_JOBS": "0",
        "XBORDER_METRICS_TOKEN": "s3cret",
        "XBORDER_LEDGER_ORIGIN": "xborder.example.org/ledger",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    s = Settings()
    assert s.data_dir == Path("/srv/xborder") and s.url == "postgresql://x@db/xborder"
    assert (s.host, s.port, s.max_body_bytes) == ("10.0.0.5", 8443, 2048)
    assert s.trusted_hosts == "xborder.example.org" and s.secure_cookies == "always"
    assert (s.max_failed_logins, s.delivery_backoff_seconds) == (7, 0)
    assert s.run_jobs is False and s.metrics_token == "s3cret"
    assert s.ledger_origin == "xborder.example.org/ledger"


def test_every_field_names_its_variable_in_full() -> None:
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        assert isinstance(alias, str) and alias.startswith("XBORDER_"), name


def test_two_settings_keep_their_older_variable_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XBORDER_QUEUE_WEIGHTS", "weights.json")
    monkeypatch.setenv("XBORDER_JOB_INTERVALS", '{"extradition.deadlines": 60, "x": 0.5}')
    # the field's own name is not a variable
    monkeypatch.setenv("XBORDER_QUEUE_WEIGHTS_FILE", "other.json")
    monkeypatch.setenv("XBORDER_JOB_INTERVALS_JSON", "[1]")
    s = Settings()
    assert s.queue_weights_file == "weights.json"
    assert s.job_intervals() == {
        "exchange.delivery": 1.0,
        "extradition.deadlines": 60.0,
        "x": 0.5,
    }


@pytest.mark.parametrize(
    "name",
    [
        "XBORDER_PORT",
        "XBORDER_TRUSTED_HOSTS",
        "XBORDER_DATA_DIR",
        "XBORDER_RUN_JOBS",
        "XBORDER_SECURE_COOKIES",
        "XBORDER_MAX_FAILED_LOGINS",
        "XBORDER_JOB_INTERVALS",
    ],
)
def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    defaults = Settings()
    monkeypatch.setenv(name, "")
    assert Settings() == defaults


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "False", "NO"])
def test_jobs_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("XBORDER_RUN_JOBS", value)
    assert Settings().run_jobs is False


@pytest.mark.parametrize("value", ["1", "true", "yes", "on"])
def test_jobs_can_be_turned_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("XBORDER_RUN_JOBS", value)
    assert Settings().run_jobs is True


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("XBORDER_PORT", "abc", "valid integer"),
        ("XBORDER_PORT", "70000", "less than or equal to 65535"),
        ("XBORDER_PORT", "0", "greater than or equal to 1"),
        ("XBORDER_MAX_BODY_BYTES", "-1", "greater than 0"),
        ("XBORDER_MAX_FAILED_LOGINS", "0", "greater than 0"),
        ("XBORDER_LOCKOUT_MINUTES", "-5", "greater than 0"),
        ("XBORDER_DELIVERY_BACKOFF_SECONDS", "-1", "greater than or equal to 0"),
        ("XBORDER_DELIVERY_MAX_ATTEMPTS", "1.5", "valid integer"),
        ("XBORDER_SECURE_COOKIES", "maybe", "'auto', 'always' or 'never'"),
        ("XBORDER_RUN_JOBS", "maybe", "valid boolean"),
        ("XBORDER_JOB_INTERVALS", "[60]", "must be a JSON object"),
        ("XBORDER_JOB_INTERVALS", "{60", "not valid JSON"),
        ("XBORDER_JOB_INTERVALS", '{"a": -1}', "'a' must be a number of seconds >= 0"),
        ("XBORDER_JOB_INTERVALS", '{"a": "soon"}', "'a' must be a number of seconds >= 0"),
    ],
)
def test_a_bad_value_stops_the_start_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as err:
        Settings()
    [e] = err.value.errors()
    assert e["loc"] == (name,)
    assert name in str(err.value) and says in str(err.value)


def test_unknown_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = Settings()
    monkeypatch.setenv("XBORDER_TEST_POSTGRES_URL", "postgresql://elsewhere")
    monkeypatch.setenv("XBORDER_NO_SUCH_SETTING", "1")
    assert Settings() == defaults


def test_variable_names_are_case_sensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("xborder_port", "9999")
    assert Settings().port == 8000


def test_no_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("XBORDER_PORT=9999\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().port == 8000


def test_the_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(ValidationError, match="frozen"):
        s.port = 9000
    assert hash(s) == hash(Settings())


def test_a_variant_is_validated_and_ignores_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = Settings()
    monkeypatch.setenv("XBORDER_PORT", "9999")
    t = s.with_(port=8001, data_dir="elsewhere", job_intervals_json='{"a": 2}')
    assert (t.port, t.data_dir, t.job_intervals()["a"]) == (8001, Path("elsewhere"), 2.0)
    assert t.with_(port=s.port, data_dir=s.data_dir, job_intervals_json="") == s
    assert s.port == 8000  # unchanged
    with pytest.raises(ValidationError, match="XBORDER_MAX_FAILED_LOGINS"):
        s.with_(max_failed_logins=-1)
    with pytest.raises(TypeError, match="no field prot"):
        s.with_(prot=1)


def test_keyword_arguments_take_precedence_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XBORDER_PORT", "9999")
    monkeypatch.setenv("XBORDER_HOST", "10.0.0.1")
    s = Settings(port=8001, queue_weights_file="w.json")
    assert (s.port, s.host, s.queue_weights_file) == (8001, "10.0.0.1", "w.json")
    with pytest.raises(TypeError, match="no field data_dri"):
        Settings(data_dri="x")


def test_a_postgresql_worker_keeps_enough_connections_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool holds what a worker's concurrent requests use: SQLAlchemy's default of five
    made every request beyond it open (and fork) a PostgreSQL connection of its own."""
    from xborder.store.db import Database

    url = "postgresql://nobody@127.0.0.1:1/none"  # the pool is sized without connecting
    pool = Database(url).engine.pool
    assert (pool.size(), pool._max_overflow) == (20, 10)  # type: ignore[attr-defined]
    monkeypatch.setenv("XBORDER_DATABASE_URL", url)
    monkeypatch.setenv("XBORDER_DB_POOL_SIZE", "8")
    monkeypatch.setenv("XBORDER_DB_MAX_OVERFLOW", "0")
    sized = Database.of(Settings()).engine.pool  # what the server and the commands open
    assert (sized.size(), sized._max_overflow) == (8, 0)  # type: ignore[attr-defined]
    monkeypatch.setenv("XBORDER_DB_POOL_SIZE", "0")
    with pytest.raises(ValidationError, match="XBORDER_DB_POOL_SIZE"):
        Settings()


def test_a_sqlite_file_keeps_its_connections_open_too(tmp_path: Path) -> None:
    """A connection beyond the pool is opened, set up with its pragmas and closed again for
    one request: a file database keeps the same pool as PostgreSQL."""
    from xborder.store.db import Database

    pool = Database(f"sqlite:///{tmp_path / 'x.db'}").engine.pool
    assert (pool.size(), pool._max_overflow) == (20, 10)  # type: ignore[attr-defined]
    sized = Database.of(Settings(data_dir=tmp_path, db_pool_size=4)).engine.pool
    assert sized.size() == 4  # type: ignore[attr-defined]
    # an in-memory database keeps SQLAlchemy's own pool, whatever the settings say
    memory = Database.of(Settings(database_url="sqlite://", db_pool_size=4))
    with memory.transaction() as s:
        assert s.execute(text("select 1")).scalar() == 1
