"""Builds the package with the folders it reads at run time (``toolkit.resources.SHIPPED``)
copied into ``toolkit/_data/``, so that ``pip install .`` works outside a checkout. The rest of
the configuration is in setup.cfg."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"workbook_templates": None, "macros": None,
           "samples": ("valdoria-nap.xlsx", "valdoria-nap.json", "merande-pan.xlsx",
                       "merande-pan.json")}
"""Folder -> the files to ship from it (None: all of it). The broken sample plans are test
material and stay in the repository."""


class BuildWithData(build_py):
    """build_py, then the shipped folders; an editable install reads the repository's."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "toolkit" / "_data"
        for name, files in SHIPPED.items():
            source, dest = ROOT / name, target / name
            if files is None:
                shutil.copytree(source, dest, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                dest.mkdir(parents=True, exist_ok=True)
                for file in files:
                    shutil.copy2(source / file, dest / file)


setup(cmdclass={"build_py": BuildWithData})
