import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def pack():
    import verdict

    return verdict.load(str(ROOT / "rules" / "bss"))
