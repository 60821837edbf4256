"""Load the inventory from YAML or CSV files, or from text the admin API receives."""

from __future__ import annotations

from pathlib import Path

from inventory.assemble import Located, Parsed, assemble
from inventory.csv_source import read_csv
from inventory.errors import InventoryError
from inventory.model import Inventory
from inventory.yaml_source import read_yaml

DATA_DIR = Path(__file__).parent / "data"
HCMC_UNITS = DATA_DIR / "hcmc-units-2025.csv"  # the 168 units of Ho Chi Minh City
HCMC_EXAMPLE = DATA_DIR / "hcmc-example.yml"  # former District 1's four wards + the 168
FORMATS = {".yml": "yaml", ".yaml": "yaml", ".csv": "csv"}


def load(*paths: str | Path) -> Inventory:
    """Read, merge and validate the inventory files at `paths` (units and machines)."""
    return _assemble([read(Path(p)) for p in paths])


def loads(
    text: str, fmt: str, source: str = "<text>", base_dir: str | Path | None = None
) -> Inventory:
    """Validate inventory `text` in `fmt` ("yaml" or "csv"); `base_dir` resolves include_units."""
    return _assemble([parse(text, fmt, source, base_dir)])


def read(path: Path) -> Parsed:
    """Read one inventory file and the units it includes, not yet checked against others."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InventoryError(str(path), 0, "", "unknown format: name a .yml, .yaml or .csv file")
    return parse(_read_text(path), fmt, str(path), path.parent)


def parse(text: str, fmt: str, source: str, base_dir: str | Path | None = None) -> Parsed:
    """Parse `text` as CSV or YAML, merging the units a YAML file includes."""
    fmt = fmt.lower().lstrip(".")
    if fmt == "csv":
        return read_csv(text, source)
    if fmt not in ("yaml", "yml"):
        raise InventoryError(source, 0, "", f"unknown format {fmt!r}: use yaml or csv")
    parsed = read_yaml(text, source)
    return _with_units(parsed, parsed.include, base_dir) if parsed.include else parsed


def _with_units(parsed: Parsed, include: Located[str], base_dir: str | Path | None) -> Parsed:
    if base_dir is None:
        raise include.error("include_units", "cannot be resolved: no directory to resolve it in")
    if not include.value.lower().endswith(".csv"):
        raise include.error("include_units", f"must name a .csv units file, got {include.value!r}")
    path = (Path(base_dir) / include.value).resolve()
    if not path.is_relative_to(Path(base_dir).resolve()):
        raise include.error(
            "include_units", f"must stay in {str(base_dir)!r}, got {include.value!r}"
        )
    try:
        units = read_csv(_read_text(path), str(path))
    except InventoryError as err:
        if err.line:  # an error inside the included file names that file
            raise
        raise include.error("include_units", f"{include.value!r}: {err.message}") from err
    if units.machines:
        raise include.error("include_units", f"{include.value!r} lists machines, not units")
    explicit = {w.value.code for w in parsed.wards}
    extra = [w for w in units.wards if w.value.code not in explicit]
    return Parsed(parsed.wards + extra, parsed.machines)


def _assemble(parts: list[Parsed]) -> Inventory:
    return assemble([w for p in parts for w in p.wards], [m for p in parts for m in p.machines])


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise InventoryError(str(path), 0, "", f"cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise InventoryError(str(path), 0, "", f"cannot read: not UTF-8 ({err.reason})") from err
