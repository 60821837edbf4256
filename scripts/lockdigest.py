"""Print the digest of what the lock files in requirements/ are resolved from.

That is pyproject.toml's requires-python, dependencies, optional dependencies and build
requirements, read as data (so comments and layout do not count). scripts/relock writes
it into each lock's header; scripts/setup compares it to refuse a stale lock.
Run from the repository root with any Python >= 3.11 (tomllib).
"""

import hashlib
import json
import tomllib

with open("pyproject.toml", "rb") as f:
    pyproject = tomllib.load(f)
project = pyproject["project"]
inputs = {
    "requires-python": project.get("requires-python"),
    "dependencies": project.get("dependencies", []),
    "optional-dependencies": project.get("optional-dependencies", {}),
    "build-system.requires": pyproject.get("build-system", {}).get("requires", []),
}
print(hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest())
