"""Chinese throughout by default, English with --lang en or PLANNER_LANG=en: every command's
help, click's usage errors, and output a GBK console (Chinese Windows) can show."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.commands.help_zh import HELP
from planner.commands.i18n import english_texts, missing_translations

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "example"


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, cmd in group.commands.items():
        found += _commands(cmd, (*path, name)) if isinstance(cmd, click.Group) else [
            (*path, name)]
    return found


COMMANDS = _commands(main)


def _run(*args: str, env: dict | None = None):
    return CliRunner(env={"PLANNER_LANG": None, **(env or {})}).invoke(main, list(args))


def test_every_help_text_has_its_chinese():
    assert missing_translations(main) == []


def test_no_translation_is_left_unused():
    """A help text edited in cli.py leaves its old translation behind: this finds it."""
    assert set(HELP) - set(english_texts(main)) == set()


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "planner")
def test_help_is_chinese_by_default_and_english_on_request(path):
    zh = _run(*path, "--help")
    assert zh.exit_code == 0
    assert zh.output.startswith("用法: ") and "选项:" in zh.output and "显示本帮助并退出。" in zh.output
    assert "Usage" not in zh.output and "Show this message" not in zh.output
    en = _run(*path, "--help", env={"PLANNER_LANG": "en"})
    assert en.output.startswith("Usage: ") and "Show this message and exit." in en.output
    assert _run(*path, "--help", "--lang", "en").output == en.output


def test_the_help_of_build_in_full():
    r = _run("build", "--help")
    assert r.output == """\
用法: main build [选项] DIR

  把计划集的全部计划 (Word 和 Excel) 生成到 OUT, 并写出 OUT/manifest.json。

选项:
  -o, --out PATH            输出目录 (不存在则创建; 生成成功后整体替换)。  [必填]
  --templates DIRECTORY     模板目录: 其中的文件替换自带的同名模板 (可只放一部分)。
  -j, --jobs INTEGER RANGE  用几个进程生成 (默认: 全部 CPU 核)。  [x>=1]
  --force                   全部重新生成, 不复用 OUT 中已有的文件。
  --pdf                     同时为每份 Word 文档生成 PDF (需要安装 LibreOffice)。
  --lang [zh|en]            信息和文档的语言 (zh 中文 | en English)。  [默认: (zh)]
  -h, --help                显示本帮助并退出。
"""


@pytest.mark.parametrize("args,zh,en", [
    (["build", str(EXAMPLE)], "错误: 缺少选项 '-o' / '--out'.",
     "Error: Missing option '-o' / '--out'."),
    (["check"], "错误: 缺少参数 'DIR'.", "Error: Missing argument 'DIR'."),
    (["check", ".", "--bogus"], "错误: 没有选项 '--bogus'。", "Error: No such option '--bogus'."),
    (["schema", "--kind", "x"],
     "错误: '--kind' 的值不合法: 'x' 不是可选的值, 可选: 'market', 'industry', 'customer'。",
     "Error: Invalid value for '--kind': 'x' is not one of 'market', 'industry', 'customer'."),
    (["nonsense"], "错误: 没有命令 'nonsense'。", "Error: No such command 'nonsense'."),
])
def test_usage_errors_in_either_language(args, zh, en):
    r = _run(*args)
    assert r.exit_code == 2 and r.stderr.splitlines()[-1] == zh
    assert "运行 'main" in r.stderr and "查看帮助。" in r.stderr
    r = _run(*args, "--lang", "en")
    assert r.exit_code == 2 and r.stderr.splitlines()[-1] == en


def test_the_language_may_come_before_the_command():
    r = _run("--lang", "en", "check", "nowhere")
    assert (r.exit_code, r.stderr) == (2, "planner: nowhere is not a plan set folder\n")


def test_a_gbk_console_never_raises(tmp_path):
    """Chinese Windows' console is GBK: a character it lacks (here in a customer's name) is
    shown as '?', never an error."""
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    customer = next((plans / "customers").glob("*.yaml"))
    text = customer.read_text(encoding="utf-8")
    customer.write_text(text.replace("\nname: ", "\nname: 🚀", 1), encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if k != "PLANNER_LANG"},
           "PYTHONIOENCODING": "gbk"}
    for args in (["targets", plans], ["check", plans], ["build", plans, "-o", tmp_path / "out"],
                 ["--help"], ["build", "--help"], ["check", tmp_path / "none"],
                 ["targets", plans, "--json"]):
        r = subprocess.run([sys.executable, "-m", "planner", *map(str, args)],
                           capture_output=True, env=env, timeout=600)
        assert r.returncode in (0, 2), r.stderr.decode("gbk", "replace")
        assert b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr
        assert (r.stdout + r.stderr).decode("gbk").strip()  # GBK through and through
    shown = subprocess.run([sys.executable, "-m", "planner", "targets", str(plans)],
                           capture_output=True, env=env, timeout=600).stdout.decode("gbk")
    assert f"?{text.split(chr(10) + 'name: ')[1].split(chr(10))[0]}" in shown
