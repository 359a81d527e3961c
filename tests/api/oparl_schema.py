"""Checks OParl output against the official OParl 1.1 JSON schemas.

The schemas are read from `../shared/oparl-1.1-schema/` beside the project (OParl/spec, CC BY-SA 4.0), or from
the folder OPARL_SCHEMA_DIR names; they are not copied into this project. Beyond the schemas this checks what the
specification says in prose: `type` and `id` on every object, `created` and `modified` on every object (embedded
ones too), and no `null` anywhere. Embedded objects are checked against the schema their `"schema"` key names,
which a plain JSON-Schema validator does not follow.
"""

import json
import os
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_TYPE_PREFIX = "https://schema.oparl.org/1.1/"


def schema_dir() -> Path:
    configured = os.environ.get("OPARL_SCHEMA_DIR")
    folder = Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "oparl-1.1-schema"
    if not (folder / "System.json").is_file():
        raise RuntimeError(f"The OParl 1.1 schemas are not in {folder}; set OPARL_SCHEMA_DIR to their folder.")
    return folder


format_checker = FormatChecker()


@format_checker.checks("url")
def is_url(value) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


@cache
def validator(kind: str) -> Draft7Validator:
    schema = json.loads((schema_dir() / f"{kind}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=format_checker)


def _no_nulls(value, path: str) -> list[str]:
    if value is None:
        return [f"{path} is null"]
    if isinstance(value, dict):
        return [problem for key, inner in value.items() for problem in _no_nulls(inner, f"{path}.{key}")]
    if isinstance(value, list):
        return [problem for index, inner in enumerate(value) for problem in _no_nulls(inner, f"{path}[{index}]")]
    return []


def problems(obj: dict, path: str = "$") -> list[str]:
    """Everything wrong with one OParl object and the objects embedded in it; empty when it conforms."""
    found = _no_nulls(obj, path)
    if not isinstance(obj, dict) or not str(obj.get("type", "")).startswith(SCHEMA_TYPE_PREFIX):
        return [*found, f"{path} has no OParl type"]
    kind = obj["type"].removeprefix(SCHEMA_TYPE_PREFIX)
    schema_validator = validator(kind)
    found += [f"{path}.{'.'.join(map(str, error.absolute_path))}: {error.message}"
              for error in schema_validator.iter_errors(obj)]
    found += [f"{path} lacks {key}" for key in ("id", "created", "modified") if key not in obj]
    for name, definition in schema_validator.schema["properties"].items():
        if name not in obj:
            continue
        if "schema" in definition:
            found += _embedded(obj[name], definition["schema"], f"{path}.{name}")
        elif "schema" in definition.get("items", {}) and isinstance(obj[name], list):
            for index, inner in enumerate(obj[name]):
                found += _embedded(inner, definition["items"]["schema"], f"{path}.{name}[{index}]")
    return found


def _embedded(obj, schema_file: str, path: str) -> list[str]:
    expected = SCHEMA_TYPE_PREFIX + schema_file.removesuffix(".json")
    if not isinstance(obj, dict) or obj.get("type") != expected:
        return [f"{path} should be an embedded {expected}"]
    return problems(obj, path)


def list_problems(page: dict) -> list[str]:
    """A page of an external list: data, pagination and links (with `next` on every page but the last)."""
    found = [f"list lacks {key}" for key in ("data", "pagination", "links") if key not in page]
    pagination = page.get("pagination", {})
    if pagination.get("currentPage", 1) < pagination.get("totalPages", 1) and "next" not in page.get("links", {}):
        found.append("a page before the last lacks links.next")
    for index, obj in enumerate(page.get("data", [])):
        found += problems(obj, f"data[{index}]")
    return found
