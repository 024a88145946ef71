"""Builds the hot text-processing modules as C extensions with mypyc, when it can.

`normalize` and the offline extractor are pure, typed Python that runs on every email; compiled by
mypyc from the same source they run about 20% faster (docs/benchmarks.md). The build needs a C
compiler. Where there is none, or with MAILTRIAGE_PURE_PYTHON=1, the same modules run as Python: the
behaviour is the same, only slower. Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup

# Modules that do the per-email text work and call no code that inspects them at run time.
COMPILED = [
    "src/mailtriage/understand/replies.py",
    "src/mailtriage/understand/message_parser.py",
    "src/mailtriage/understand/html.py",
    "src/mailtriage/understand/forms.py",
    "src/mailtriage/extract/fields_data.py",
]


def _compiled_extensions() -> list[object]:
    if os.environ.get("MAILTRIAGE_PURE_PYTHON") == "1":
        return []
    compiler = str(os.environ.get("CC") or sysconfig.get_config_var("CC") or "").split()
    if not compiler or shutil.which(compiler[0]) is None:
        sys.stderr.write("mailtriage: no C compiler found; the text modules stay pure Python\n")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        sys.stderr.write("mailtriage: mypyc is not available; the text modules stay pure Python\n")
        return []
    here = Path(__file__).resolve().parent
    os.chdir(here)  # mypycify takes paths relative to the project and reads [tool.mypy] from it
    return list(mypycify(COMPILED, opt_level="3", debug_level="0"))


setup(ext_modules=_compiled_extensions())
