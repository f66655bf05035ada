"""`tunewise recommend`, `tunewise prices`, `tunewise schema`: the engine from the terminal.

Bad input never ends in a traceback: every problem is one line naming the field, and the exit status is 2
(click's own status for usage errors).
"""

from __future__ import annotations

import difflib
import json
import textwrap
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, cast

import click
import yaml
from pydantic import TypeAdapter, ValidationError

from bot.cli.evidence_option import advise_with_evidence, evidence_option, render_evidence
from engine import Advice, Answers, Plan, advise, answers_for, load_catalog, question_fields

USAGE_ERROR = 2
STALE_AFTER_DAYS = 120
WIDTH = 100


class AnswersProblem(click.ClickException):
    """Bad answers: printed as one line per field, exit status 2."""

    exit_code = USAGE_ERROR

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        for line in self.message.splitlines():
            click.echo(f"error: {line}", err=True)


# --- reading answers -------------------------------------------------------------------------------------
def problems(error: ValidationError) -> list[str]:
    """One line per bad field: the field's name, then what is wrong or what is allowed."""
    lines = []
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"]) or "answers"
        if detail["type"] == "missing":
            message = "required"
        elif detail["type"] == "extra_forbidden":
            close = difflib.get_close_matches(field, Answers.model_fields, n=1)
            message = "unknown field" + (f"; did you mean {close[0]}?" if close else "")
        else:
            message = detail["msg"].removeprefix("Value error, ")
            given = detail.get("input")
            # Show what was given, unless the message already quotes it (model names do).
            if given is not None and not isinstance(given, dict | list) and f"'{given}'" not in message:
                message += f" (got {given!r})"
        lines.append(f"{field}: {message}")
    return lines


def _syntax_problem(error: json.JSONDecodeError | yaml.YAMLError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"not valid YAML: {error.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return f"not valid YAML: {error}"


def read_answers_file(path: Path, today: date | None = None) -> Answers:
    """Answers from a YAML or JSON file, checked as of `today` (default: the real date)."""
    try:
        return answers_for(read_answers_raw(path), today)
    except ValidationError as error:
        raise AnswersProblem(problems(error)) from None


def read_answers_raw(path: Path) -> dict[str, Any]:
    """The answers file as a mapping, before validation (`--evidence` fills it in first)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersProblem([f"{path}: cannot read the file ({error})"]) from None
    try:
        # YAML is a superset of JSON, but a .json file gets JSON's stricter parser and error messages.
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise AnswersProblem([f"{path}: {_syntax_problem(error)}"]) from None
    if not isinstance(raw, dict):
        raise AnswersProblem(
            [f"{path}: expected a mapping of field: value, like examples/support-triage.yaml"]
        )
    return raw


# --- asking answers interactively ------------------------------------------------------------------------
@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    """Validates one answer on its own (type and bounds), so a bad value is re-asked straight away."""
    info = Answers.model_fields[name]
    return TypeAdapter(cast(Any, Annotated[info.annotation, info]))


_PROMPT = "  >"


def _ask(name: str) -> Any:
    """Ask one question until its answer is valid on its own; return the parsed value."""
    info = Answers.model_fields[name]
    extra: dict[str, Any] = info.json_schema_extra or {}  # type: ignore[assignment]
    default = None if info.is_required() else info.get_default()
    click.echo("", err=True)
    click.secho(info.title or name, bold=True, err=True)
    if info.description:
        click.echo(f"  {info.description}", err=True)
    if info.annotation is bool:
        return click.confirm(_PROMPT, default=bool(default), err=True)
    choices: dict[str, str] | None = extra.get("choices")
    if choices:
        for value, label in choices.items():
            click.echo(f"  {value:<14} {label}", err=True)
        return click.prompt(
            _PROMPT, type=click.Choice(list(choices)), default=default, show_choices=False, err=True
        )
    optional = default is None and not info.is_required()
    while True:
        prompt = f"{_PROMPT} (Enter: unknown)" if optional else _PROMPT
        shown = "" if default is None else str(default)
        text = click.prompt(prompt, default=shown, show_default=bool(shown), err=True).strip()
        if text == "" and optional:
            return None
        try:
            return _field_adapter(name).validate_python(text)
        except ValidationError as error:
            for line in problems(error):
                click.echo(f"  {name}: {line.split(': ', 1)[-1]}", err=True)


def ask_answers(today: date | None = None) -> Answers:
    """Ask every question in the order Answers defines them; re-ask only the ones that fail validation.

    The conversation goes to stderr so that stdout carries only the advice (`--json` stays parseable).
    """
    click.echo("Answer each question; press Enter to keep the value in [brackets].", err=True)
    raw: dict[str, Any] = {}
    group = None
    for name in question_fields():
        extra: dict[str, Any] = Answers.model_fields[name].json_schema_extra or {}  # type: ignore[assignment]
        if extra.get("group") != group and group is not None:
            click.secho(
                "\nDetails and costs: the defaults are typical; change what you know.", bold=True, err=True
            )
        group = extra.get("group")
        raw[name] = _ask(name)
    while True:
        try:
            return answers_for(raw, today)
        except ValidationError as error:
            for detail, line in zip(error.errors(), problems(error), strict=True):
                click.echo(f"error: {line}", err=True)
                raw[str(detail["loc"][0])] = _ask(str(detail["loc"][0]))


# --- showing advice --------------------------------------------------------------------------------------
def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _item(prefix: str, text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=prefix, subsequent_indent=" " * len(prefix))


def render_advice(advice: Advice) -> str:
    """The advice as a terminal reads it: verdict, reasons, a cost table, warnings, what would change, steps."""
    verdict = f"Verdict: {advice.approach.label} (confidence {advice.confidence:.2f}"
    if not advice.clear_winner and advice.runner_up is not None:
        verdict += f"; no clear winner over {advice.runner_up.label.lower()}"
    lines = [
        click.style(advice.headline, bold=True),
        f"{verdict}); prices as of {advice.catalog_as_of}",
        "",
        click.style("Why (weight, direction)", bold=True),
    ]
    lines.extend(
        _item(f"  {reason.weight:.2f} {reason.direction.value:<12}", reason.text) for reason in advice.reasons
    )
    horizon = advice.horizon_months
    lines += ["", click.style(f"Costs in USD over {horizon} months", bold=True)]
    lines.append(f"    {'plan':<26}{'upfront':>12}{'monthly':>12}{f'{horizon} months':>14}")
    for plan in Plan:
        cost = advice.costs.get(plan)
        if cost is None:
            continue
        marker = "->" if plan.value == advice.approach.value else "  "
        closed = "  (not possible yet)" if plan in advice.ineligible else ""
        discounts = f"  ({', '.join(cost.discounts)})" if cost.discounts else ""
        lines.append(
            f"  {marker}{plan.label:<26}{_money(cost.upfront_usd):>12}{_money(cost.monthly_usd):>12}"
            f"{_money(cost.horizon_usd):>14}{discounts}{closed}"
        )
    if advice.breakeven_months is None:
        lines.append("  Fine-tuning never pays back against the cheapest prompting plan.")
    else:
        lines.append(
            f"  Fine-tuning pays back against the cheapest prompting plan in month {advice.breakeven_months}."
        )
    if advice.model_switch is not None:
        lines.append(_item("  ", advice.model_switch.text))
    for title, items in (("Warnings", advice.warnings), ("What would change this", advice.what_would_change)):
        if items:
            lines += ["", click.style(title, bold=True), *(_item("  - ", item) for item in items)]
    if advice.next_steps:
        lines += ["", click.style("Next steps", bold=True)]
        lines += [_item(f"  {number}. ", step) for number, step in enumerate(advice.next_steps, start=1)]
    return "\n".join(lines)


def _save(answers: Answers, advice: Advice) -> None:
    """Record the decision in DATABASE_URL; advice already shown is never lost to a database problem."""
    # Imported here so `--no-save` and `--json` runs never load SQLAlchemy and Alembic.
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cli.recorded import save_cli_decision
    from bot.store import DatabaseError

    try:
        decision = save_cli_decision(answers, advice)
    except (DatabaseError, SQLAlchemyError, OSError) as error:
        click.echo(f"warning: advice not saved ({error}); rerun with --no-save to skip saving", err=True)
        return
    click.echo(f"Saved as decision #{decision.id} (see `tunewise history`).", err=True)


def local_today() -> date:
    """The day on the terminal's own calendar: the advice date someone at a terminal means by "today"."""
    return datetime.now().astimezone().date()


@click.command()
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Answers file (YAML or JSON). Without it, the questions are asked here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the advice as JSON (the public Advice format).")
@click.option("--no-save", is_flag=True, help="Do not record the decision in the database.")
@click.option(
    "--what-if",
    "what_ifs",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Also advise with this answer changed and show both side by side (repeatable; nothing is saved).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Advise as of this date (it decides which models can still be trained and served; retired ones are refused). Default: today (UTC).",
)
@evidence_option
def recommend(
    answers_path: Path | None,
    as_json: bool,
    no_save: bool,
    what_ifs: tuple[str, ...],
    today: datetime | None,
    evidence_paths: tuple[Path, ...],
) -> None:
    """Advise prompting, RAG, fine-tuning or both for one use case, with the cost of each."""
    day = today.date() if today else local_today()
    advice = None
    if evidence_paths:  # --evidence (bot/cli/evidence_option.py): answers measured by eval results files
        raw = read_answers_raw(answers_path) if answers_path else None
        answers, advice = advise_with_evidence(raw, evidence_paths, day, problems)
    else:
        answers = read_answers_file(answers_path, day) if answers_path else ask_answers(day)
    if what_ifs:
        from bot.cli.what_if_output import show_what_if
        from bot.what_if import WhatIfProblem

        try:
            show_what_if(answers, what_ifs, as_json=as_json, today=day)
        except WhatIfProblem as problem:
            raise AnswersProblem(problem.lines + (problems(problem.error) if problem.error else [])) from None
        return
    if advice is None:
        advice = advise(answers, today=day)
    click.echo(
        advice.model_dump_json(indent=2) if as_json else render_advice(advice) + render_evidence(advice)
    )
    if not no_save:
        _save(answers, advice)


@click.command()
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge staleness as of this date.")
def prices(today: datetime | None) -> None:
    """The price catalog: every figure with its source and the date it was verified."""
    catalog = load_catalog()
    as_of = today.date() if today else local_today()
    click.echo(
        f"Catalog as of {catalog.as_of}; rows verified more than {STALE_AFTER_DAYS} days "
        f"before {as_of} are flagged."
    )
    for row in catalog.rows():
        stale = row.is_stale(as_of, STALE_AFTER_DAYS)
        verified = f"verified {row.verified}" if row.verified else "package data"
        flag = click.style(f"  STALE: older than {STALE_AFTER_DAYS} days", fg="red") if stale else ""
        indent = " " * 13
        click.echo(f"{row.kind:<12} {row.name}\n{indent}{row.figures}")
        if row.note:
            click.echo(f"{indent}note: {row.note}")
        click.echo(f"{indent}{row.source} ({verified}){flag}")
        if row.checked_against:
            click.echo(f"{indent}checked against: {row.checked_against}")


@click.command()
def schema() -> None:
    """The answers file's JSON Schema, for tools that write answers files."""
    click.echo(json.dumps(Answers.model_json_schema(), indent=2))


COMMANDS: list[click.Command] = [recommend, prices, schema]
