"""The command line in the user's language: click's own texts and planner's help, in Chinese.

Like gettext, the English text is the key (the help written in `cli.py`, click's message ids)
and the catalogs below give the Chinese. `localize` puts the help of every command and option
into the language of this run; `tests/test_i18n.py` fails on a help text with no translation.
"""

from __future__ import annotations

import gettext
import importlib
import os
from collections.abc import Sequence
from typing import Any

import click

from planner.commands.help_zh import CLICK, HELP, METAVARS

_LANG = ["zh"]  # the language of this run, set by `localize` before click parses anything


def language(args: Sequence[str]) -> str:
    """The language asked for: `--lang en` / `--lang=en` anywhere before `--`, else
    $PLANNER_LANG, else Chinese. Read before parsing, so that help and usage errors follow it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.endswith("=en") else "zh"
    return "en" if os.environ.get("PLANNER_LANG") == "en" else "zh"


def current_language() -> str:
    """The language of this run (the default of every command's --lang)."""
    return _LANG[0]


def _key(text: str) -> str:
    return " ".join(text.split())


def translate(text: str) -> str:
    """`text` in this run's language (English texts are the keys)."""
    if _LANG[0] == "en":
        return text
    return HELP.get(_key(text)) or CLICK.get(text) or text


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _LANG[0] == "en":
        return gettext.ngettext(singular, plural, n)
    return CLICK.get(singular) or gettext.ngettext(singular, plural, n)


def _install() -> None:
    """click looks its texts up through gettext, bound at import in each module as `_` and
    `ngettext`: give those modules ours (once)."""
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
                 "utils"):
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is not translate and hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def localize(command: click.Command, lang: str) -> None:
    """Every help text of `command` and its subcommands in `lang`."""
    _LANG[0] = lang
    _install()
    for cmd in _commands(command):
        english: dict[str, Any] = cmd.__dict__.setdefault("_planner_english", {
            "help": cmd.help, "params": {p.name: getattr(p, "help", None) for p in cmd.params},
            "metavars": (cmd.options_metavar, getattr(cmd, "subcommand_metavar", None))})
        cmd.help = english["help"] and translate(english["help"])
        cmd._help_option = None  # click keeps the --help option it made: make it anew
        options, subcommands = english["metavars"]
        cmd.options_metavar = METAVARS.get(options, options) if lang == "zh" else options
        if subcommands:
            cmd.subcommand_metavar = (METAVARS.get(subcommands, subcommands)  # type: ignore
                                      if lang == "zh" else subcommands)
        for p in cmd.params:
            text = english["params"].get(p.name)
            if text:
                p.help = translate(text)  # type: ignore[attr-defined]


def _commands(command: click.Command) -> list[click.Command]:
    found = [command]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += _commands(sub)
    return found


def english_texts(command: click.Command) -> list[str]:
    """Every help text of `command` and below, in English (spaces collapsed)."""
    texts = []
    for cmd in _commands(command):
        english = cmd.__dict__.get("_planner_english") or {
            "help": cmd.help, "params": {p.name: getattr(p, "help", None) for p in cmd.params}}
        texts += [_key(t) for t in [english["help"], *english["params"].values()] if t]
    return texts


def missing_translations(command: click.Command) -> list[str]:
    """The help texts of `command` (and below) that have no Chinese."""
    return [t for t in english_texts(command) if t not in HELP and t not in CLICK]
