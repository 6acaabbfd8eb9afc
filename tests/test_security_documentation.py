"""Every environment variable the settings read is documented for operators, in the table in
docs/operating.md and in .env.example, and the example holds no secret."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READ = re.compile(r'"((?:GOLDENTHREAD|DATABASE|REDIS)_[A-Z_]+)"')


def variables_read() -> list[str]:
    sources = [ROOT / "goldenthread" / "settings.py", ROOT / "goldenthread" / "env.py"]
    return sorted({name for path in sources for name in READ.findall(path.read_text())})


def test_the_settings_read_the_variables_the_issue_names():
    assert {"GOLDENTHREAD_ENV", "GOLDENTHREAD_SECRET_KEY", "GOLDENTHREAD_ALLOWED_HOSTS"} <= set(
        variables_read()
    )


@pytest.mark.parametrize("name", variables_read())
def test_each_variable_is_in_the_operating_table_and_the_example_file(name: str):
    operating = (ROOT / "docs" / "operating.md").read_text()
    example = (ROOT / ".env.example").read_text()

    assert f"`{name}`" in operating or f"`{name}`, " in operating
    assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), f"{name} is not in .env.example"


def test_the_example_file_sets_no_secret():
    example = (ROOT / ".env.example").read_text()

    for name in ("GOLDENTHREAD_SECRET_KEY", "GOLDENTHREAD_OIDC_CLIENT_SECRET"):
        assert re.search(rf"^#? ?{name}=$", example, re.MULTILINE), name
    assert "GOLDENTHREAD_EMAIL_PASSWORD=\n" in example
