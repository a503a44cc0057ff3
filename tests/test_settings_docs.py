"""Every setting is declared once, with its help text, and the README lists them all
(the table between the settings markers is the generated one)."""

from __future__ import annotations

import re

from assistant.settings import Settings, settings_table
from conftest import REPO


def test_every_setting_has_a_description():
    missing = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert not missing, f"settings without a description: {missing}"


def test_the_readme_configuration_table_lists_every_setting():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- settings:start[^\n]*-->\n(.*?)\n<!-- settings:end -->", readme, re.S)
    assert block, "README.md has no settings table markers"
    assert block.group(1) == settings_table(), "README's configuration table is stale: regenerate it"
    for name in Settings.model_fields:
        assert f"ASSISTANT_{name.upper()}" in block.group(1), name
