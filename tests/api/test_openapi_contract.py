"""The OpenAPI description is a contract a generated client can rely on: every JSON answer and
every problem is described, and the app answers what it describes. Schemathesis generates
requests from the description and runs them in-process against the app, as a bureau
officer, a secretariat reviewer and the secretariat's administrator: no 5xx, no undocumented
status or content type, every answer valid against its schema. Bounded and deterministic (a
fixed number of derandomized examples per operation, SQLite)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import World
from xborder.platform.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 5

# Operations left out, each with its reason.
SKIPPED = {
    # Runs the evaluation harness (an index of thousands of persons): a minute per example.
    "POST /api/v1/governance/evaluations",
    # Switching a component off makes every later screening answer 503 (by design: the
    # component may not run); the switch has its own tests (tests/governance).
    "POST /api/v1/governance/components/{component_id}/switch",
    # Not the API's: HTML form posts of the secretariat's pages (CSRF-protected, answered with
    # pages or redirects).
    "POST /review/{notice_id}/profiles",
    "POST /review/{notice_id}/profiles/screen",
    "POST /review/{notice_id}/profiles/{index}",
    "POST /review/country-data/{country}",
}
# Not JSON APIs: downloads and text; their answers are described as bytes or text.
NOT_JSON = (
    "/images/{pictureID}",
    "/transparency.csv",
    "/ledger/checkpoint",
    "}/documents/{",
    "/metrics",
    "/problems/{slug}",
)
# Answers that are open documents by nature: a JSON Schema.
OPEN = {"GET /api/v1/register/schema"}


def _app(world: World) -> Any:
    # The anonymous limits (5 applications an hour...) would answer most examples with a 429.
    off = '{"application": "off", "portal": "off", "public": "off"}'
    return create_app(world.settings.with_(rate_limits=off), world.db)


def _operations(schema: Any) -> list[Any]:
    out = []
    for result in schema.get_all_operations():
        op = result.ok()
        if f"{op.method.upper()} {op.path}" not in SKIPPED:
            out.append(op)
    return out


def _exercise(op: Any, headers: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy(headers={"X-Purpose": "investigation"}))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.parametrize("username", ["fr.officer", "reviewer", "admin"])
def test_the_app_answers_what_its_description_says(sqlite_world: World, username: str) -> None:
    app = _app(sqlite_world)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {sqlite_world.token(username)}"}
    failures: list[str] = []
    for op in _operations(schema):
        try:
            _exercise(op, headers)
        except Exception as exc:  # every operation's failure, not only the first
            failures.append(f"{op.method.upper()} {op.path}:\n{exc}")
    assert not failures, "\n\n".join(failures)


def test_every_operation_describes_its_answer_and_its_problems(sqlite_world: World) -> None:
    spec = _app(sqlite_world).openapi()
    problem = {"$ref": "#/components/schemas/Problem"}
    missing: list[str] = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            label = f"{method.upper()} {path}"
            if label in SKIPPED:
                continue
            answers = op["responses"]
            ok = next(s for s in answers if s.startswith("2"))
            content = answers[ok].get("content", {})
            described = ok == "204" or label in OPEN or any(p in path for p in NOT_JSON)
            schema = content.get("application/json", {}).get("schema", {})
            if not described and (not schema or schema.get("additionalProperties") is True):
                missing.append(f"{label}: no described answer")
            # Every answer may be a 429; a 404 or a 422 needs something to look up or read.
            takes_input = bool(op.get("parameters") or op.get("requestBody"))
            for status in ("404", "422", "429") if takes_input else ("429",):
                answer = answers.get(status, {})
                if "$ref" in answer:
                    answer = spec["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
                got = answer.get("content", {})
                if got.get("application/problem+json", {}).get("schema") != problem:
                    missing.append(f"{label}: {status} is not a described problem")
    assert not missing, "\n".join(missing)
