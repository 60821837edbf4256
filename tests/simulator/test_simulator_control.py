"""Faults switched on while the city runs: --degrade, the control file, and what is in force."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from configfile.errors import ConfigError
from simulator.city import Degradation
from simulator.control import ControlFile, effective, parse_degrade, read_control
from simulator.errors import SimulatorError
from simulator.links import Links, probe
from simulator.state import SEQ_MARGIN, AgentState, load, save

WARDS = {"phuong-tan-dinh", "xa-can-gio"}


def test_degrade_takes_a_ward_a_target_and_its_loss_and_delay() -> None:
    assert parse_degrade("xa-can-gio:records:loss=0.5,rtt_ms=250", WARDS) == Degradation(
        "xa-can-gio", "records", 0.5, 0.25
    )
    assert parse_degrade("xa-can-gio:datacenter", WARDS) == Degradation(
        "xa-can-gio", "datacenter", 0.3, 0.4
    )


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("xa-can-gio", "WARD:TARGET"),
        ("xa-nowhere:datacenter", "unknown ward"),
        ("xa-can-gio:mail", "'mail' is not one of"),
        ("xa-can-gio:records:loss=2", "loss: must be a ratio"),
        ("xa-can-gio:records:jitter=3", "unknown key"),
        ("xa-can-gio:records:loss=much", "is not a number"),
    ],
)
def test_a_bad_degrade_says_what_is_wrong_in_both_languages(given: str, said: str) -> None:
    with pytest.raises(SimulatorError) as refused:
        parse_degrade(given, WARDS)

    assert refused.value.en.startswith(f"--degrade {given}: ")
    assert said in refused.value.en
    assert refused.value.vi.startswith(f"--degrade {given}: ")


def test_the_control_file_degrades_restores_and_silences(tmp_path: Path) -> None:
    path = tmp_path / "control.yml"
    path.write_text(
        "degrade:\n  - {ward: phuong-tan-dinh, target: datacenter, loss: 0.5}\n"
        "restore:\n  - {ward: xa-can-gio}\n"
        "silence:\n  machines: [phuong-tan-dinh/TD-PC01]\n"
    )
    control = read_control(str(path), WARDS)
    base = [
        Degradation("xa-can-gio", "records", 0.2),
        Degradation("phuong-tan-dinh", "records", 0.1),
    ]

    assert effective(base, control) == [
        Degradation("phuong-tan-dinh", "records", 0.1),
        Degradation("phuong-tan-dinh", "datacenter", 0.5),
    ]
    assert control.silence.machines == ("phuong-tan-dinh/TD-PC01",)
    assert effective(base, ControlFile()) == base


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "degrade:\n  - {ward: xa-x, target: datacenter}\n",
            "degrade[0].ward: unknown ward 'xa-x'",
        ),
        ("degrade:\n  - {ward: xa-can-gio, target: mail}\n", ":2: degrade[0].target:"),
        ("restore:\n  - {ward: xa-can-gio, port: 1}\n", ":2: restore[0].port:"),
        ("silence: {wards: [xa-x]}\n", "silence.wards[0]: unknown ward"),
        ("degrade: [\n", "not valid YAML"),
    ],
)
def test_a_bad_control_file_names_its_file_line_and_key(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "control.yml"
    path.write_text(text)

    with pytest.raises(ConfigError) as refused:
        read_control(str(path), WARDS)

    assert str(refused.value).startswith(str(path))
    assert said in str(refused.value)


def test_a_healthy_link_loses_nothing_and_a_degraded_one_loses_and_slows() -> None:
    links = Links(["xa-can-gio"], [Degradation("xa-can-gio", "datacenter", 0.5, 0.3)])
    rng = random.Random(1)
    conditions = dict(links.conditions("xa-can-gio"))
    healthy = [
        probe("records", conditions["records"], rng, 90, "2027-03-03T08:00:00Z") for _ in range(50)
    ]
    lossy = [probe("datacenter", conditions["datacenter"], rng, 90, "x") for _ in range(50)]

    assert {p["loss_ratio"] for p in healthy} == {0.0}
    assert max(p["rtt_p95_seconds"] for p in healthy) < 0.05
    assert 0.3 < sum(p["loss_ratio"] for p in lossy) / 50 < 0.7
    assert min(p["rtt_min_seconds"] for p in lossy if p["rtt_min_seconds"]) > 0.3

    links.reset([])
    assert dict(links.conditions("xa-can-gio"))["datacenter"].loss_ratio == 0.0


def test_state_survives_a_restart_and_an_unclean_stop_skips_seqs_ahead(tmp_path: Path) -> None:
    agents = {0: AgentState("tok", 41, "xa-can-gio", False, 41)}
    save(tmp_path, 7, 400, agents, clean=True)
    assert load(tmp_path, 7, 400)[0] == agents[0]

    save(tmp_path, 7, 400, agents, clean=False)
    assert load(tmp_path, 7, 400)[0].seq == 41 + SEQ_MARGIN


def test_state_of_another_city_is_refused(tmp_path: Path) -> None:
    save(tmp_path, 7, 400, {}, clean=True)

    with pytest.raises(SimulatorError) as refused:
        load(tmp_path, 8, 400)

    assert "--seed 7 --machines 400" in refused.value.en
