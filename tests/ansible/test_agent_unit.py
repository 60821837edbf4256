"""The role installs the agent's shipped systemd unit: its template, rendered with the
role's defaults, is agent/wardwatch-agent.service under the managed-file header."""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml

REPO = Path(__file__).resolve().parents[2]
ROLE = REPO / "ansible" / "roles" / "wardwatch_agent"


def test_the_rendered_unit_is_the_shipped_unit() -> None:
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["comment"] = lambda text: f"#\n# {text}\n#"
    env.filters["regex_replace"] = lambda value, pattern, repl: __import__("re").sub(
        pattern, repl, value
    )
    template = env.from_string((ROLE / "templates" / "wardwatch-agent.service.j2").read_text())
    rendered = template.render(
        **defaults,
        ansible_managed="Managed by Ansible",
        _wardwatch_agent_config_file=f"{defaults['wardwatch_agent_config_dir']}/agent.yml",
    )

    header = "#\n# Managed by Ansible\n#\n"
    assert rendered.startswith(header)
    assert rendered.removeprefix(header) == (REPO / "agent" / "wardwatch-agent.service").read_text()
