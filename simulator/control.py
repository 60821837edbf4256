"""Faults switched on while the city runs: `--degrade` at start and the control file after.

The control file (YAML or JSON, `--control FILE`) is read again whenever it changes; it
says what is wrong right now, so removing an entry restores it:

    degrade:                      # a ward's link to one target made lossy or slow
      - {ward: phuong-tan-dinh, target: datacenter, loss: 0.3, rtt_ms: 400}
    restore:                      # links the city itself or --degrade degraded, healed
      - {ward: xa-thai-my}        # every target of the ward; or give target:
    silence:                      # machines that stop reporting until taken off the list
      wards: [xa-can-gio]
      machines: [phuong-sai-gon/SG-PC01]   # ward/hostname, or the agent id

A file that cannot be used is refused with its file, line and key, and the last good
one stays in force.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from configfile.errors import ConfigError
from configfile.fields import FieldError, ratio
from configfile.load import load_file
from simulator.city import Degradation
from simulator.errors import SimulatorError
from simulator.links import TARGETS

DEFAULT_LOSS = 0.3
DEFAULT_RTT_MS = 400.0


def _target(target: str | None) -> None:
    if target is not None and target not in TARGETS:
        raise FieldError("target", f"{target!r} is not one of: {', '.join(TARGETS)}")


@dataclass(frozen=True)
class DegradeEntry:
    """A ward's link to `target`: `loss` of the samples lost (0..1), `rtt_ms` added."""

    ward: str
    target: str
    loss: float = 0.0
    rtt_ms: float = 0.0

    def __post_init__(self) -> None:
        _target(self.target)
        ratio("loss", self.loss)
        if self.rtt_ms < 0:
            raise FieldError("rtt_ms", f"must be 0 or more, got {self.rtt_ms}")

    def degradation(self) -> Degradation:
        """Return the degradation this entry asks for."""
        return Degradation(self.ward, self.target, self.loss, self.rtt_ms / 1000.0)


@dataclass(frozen=True)
class RestoreEntry:
    """Heal a ward's link to `target`, or to every target when none is given."""

    ward: str
    target: str | None = None

    def __post_init__(self) -> None:
        _target(self.target)


@dataclass(frozen=True)
class Silence:
    """Wards and machines (ward/hostname or agent id) that send nothing."""

    wards: tuple[str, ...] = ()
    machines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlFile:
    """The whole control file."""

    degrade: tuple[DegradeEntry, ...] = ()
    restore: tuple[RestoreEntry, ...] = ()
    silence: Silence = field(default_factory=Silence)


def read_control(path: str, wards: Collection[str]) -> ControlFile:
    """Load the control file; ConfigError names the file, line and key of what is wrong."""
    control = load_file(path, ControlFile)
    named = [
        *((f"degrade[{i}].ward", e.ward) for i, e in enumerate(control.degrade)),
        *((f"restore[{i}].ward", e.ward) for i, e in enumerate(control.restore)),
        *((f"silence.wards[{i}]", w) for i, w in enumerate(control.silence.wards)),
    ]
    for key, ward in named:
        if ward not in wards:
            raise ConfigError(path, 0, key, f"unknown ward {ward!r}: give a code of the inventory")
    return control


def effective(base: Iterable[Degradation], control: ControlFile) -> list[Degradation]:
    """Return the degradations in force: `base` less what is restored, plus the file's own."""
    healed = [(r.ward, r.target) for r in control.restore]
    kept = [
        d for d in base if not any(d.ward == w and (t is None or d.target == t) for w, t in healed)
    ]
    own = {(e.ward, e.target): e.degradation() for e in control.degrade}
    return [d for d in kept if (d.ward, d.target) not in own] + list(own.values())


def parse_degrade(text: str, wards: Collection[str]) -> Degradation:
    """Parse `--degrade WARD:TARGET[:loss=0.3,rtt_ms=400]` (both by default)."""
    parts = text.split(":", 2)
    if len(parts) < 2:
        raise _bad_degrade(
            text, "expected WARD:TARGET[:loss=R,rtt_ms=MS]", "cần WARD:TARGET[:loss=R,rtt_ms=MS]"
        )
    ward, target = parts[0], parts[1]
    values = {"loss": DEFAULT_LOSS, "rtt_ms": DEFAULT_RTT_MS} if len(parts) == 2 else {}
    for item in parts[2].split(",") if len(parts) == 3 else ():
        key, _, value = item.partition("=")
        if key.strip() not in ("loss", "rtt_ms"):
            raise _bad_degrade(
                text,
                f"unknown key {key!r}: use loss and rtt_ms",
                f"khoá lạ {key!r}: dùng loss và rtt_ms",
            )
        try:
            values[key.strip()] = float(value)
        except ValueError:
            raise _bad_degrade(
                text, f"{key}={value!r} is not a number", f"{key}={value!r} không phải số"
            ) from None
    if ward not in wards:
        raise _bad_degrade(text, f"unknown ward {ward!r}", f"không có đơn vị {ward!r}")
    try:
        entry = DegradeEntry(ward, target, values.get("loss", 0.0), values.get("rtt_ms", 0.0))
    except FieldError as err:
        raise _bad_degrade(text, f"{err.key}: {err.message}", f"{err.key}: {err.message}") from None
    return entry.degradation()


def _bad_degrade(text: str, en: str, vi: str) -> SimulatorError:
    return SimulatorError(f"--degrade {text}: {vi}", f"--degrade {text}: {en}")
