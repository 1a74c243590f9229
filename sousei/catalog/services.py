"""Writes to the catalog: datasets and resource versions. Pages, API and CLI all call these.

A load runs file → `ingest` (read and validate) → `warehouse` (immutable table + Parquet) →
one database transaction that records the version and makes it current. The database pointer
(`Resource.current_version`) is the publish step: if anything fails before it, the previous
version stays current and the half-made version is never shown.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sousei.areas.selectors import area_get
from sousei.catalog.frequencies import FREQUENCIES_BY_ID
from sousei.catalog.licences import LICENCES_BY_ID, licence_resolve
from sousei.catalog.models import Dataset, Resource, ResourceVersion
from sousei.catalog.signals import version_published
from sousei.catalog.standards import SchemaProblem, check_columns, standard_schemas
from sousei.errors import InvalidInput, NotFound
from sousei.ingest import IngestError, IngestReport, read_table
from sousei.orgs.models import Organisation
from sousei.orgs.services import organisation_for_writing, require_unless_operator
from sousei.storage import file_sha256, is_bucket, keep, original_name, parquet_name
from sousei.warehouse import Warehouse

Progress = Callable[[int, int], None]
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
RESERVED_NAMES = frozenset({"new"})  # /datasets/new/ is the publishing form


def warehouse() -> Warehouse:
    return Warehouse(
        Path(settings.DATA_DIR) / "warehouse",
        resident_bytes=settings.SOUSEI_WAREHOUSE_MEMORY_BYTES,
    )


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    resource: Resource
    version: ResourceVersion
    report: IngestReport
    created_dataset: bool


def name_check(name: str) -> None:
    """A new dataset's URL name: well-formed and not taken (checked before any upload)."""
    if not NAME_RE.match(name) or name in RESERVED_NAMES:
        raise InvalidInput(
            f"データセット名「{name}」は英小文字・数字・-・_ の 2〜100 文字にしてください。",
            f"Dataset name {name!r} must be 2-100 of a-z, 0-9, - and _.",
            code="invalid_dataset_name",
        )
    if Dataset.objects.filter(name=name).exists():
        raise InvalidInput(
            f"データセット名「{name}」は既に使われています。",
            f"The dataset name {name!r} is taken.",
            code="dataset_name_taken",
        )


def dataset_create(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    name: str,
    title: str,
    description: str = "",
    tags: list[str] | None = None,
    licence_id: str = "cc-by-4.0",
    is_private: bool = False,
) -> Dataset:
    require_unless_operator(actor, organisation)
    name_check(name)
    metadata = _clean_metadata(
        {"title": title, "description": description, "tags": tags or [], "licence_id": licence_id}
    )
    return Dataset.objects.create(
        organisation=organisation, name=name, is_private=is_private, **metadata
    )


def safe_filename(name: str) -> str:
    cleaned = re.sub(r"[\\/\x00-\x1f]", "_", Path(name).name).strip(". ")
    return cleaned[:200] or "upload"


def _detail(problem: Any) -> dict[str, Any]:
    """One problem (an ingest `Problem` or a `SchemaProblem`) as an error detail."""
    return {
        "row": getattr(problem, "row", None),
        "column": getattr(problem, "column", None),
        "column_name": problem.column_name,
        "code": problem.code,
        "message_ja": problem.message_ja,
        "message_en": problem.message_en,
    }


def _report_problems(report: IngestReport) -> InvalidInput:
    errors = [p for p in report.problems if p.severity == "error"]
    first = errors[0]
    where_ja = "".join(
        [f"{first.row}行目" if first.row else "", f"{first.column}列目" if first.column else ""]
    )
    where_en = ", ".join(
        [f"row {first.row}" if first.row else "", f"column {first.column}" if first.column else ""]
    ).strip(", ")
    return InvalidInput(
        f"ファイルに {len(errors)} 件の誤りがあります。{where_ja} {first.message_ja}".strip(),
        f"The file has {len(errors)} error(s). {where_en}: {first.message_en}".strip(),
        code="invalid_file",
        details=[_detail(p) for p in errors[:100]],
    )


def _ingest(path: Path, *, filename: str, encoding: str | None, sheet: str | None, on_progress):
    try:
        table = read_table(
            path,
            filename=filename,
            encoding=encoding,
            sheet=sheet,
            max_bytes=settings.SOUSEI_MAX_UPLOAD_BYTES,
            on_progress=on_progress,
        )
    except IngestError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code=exc.code) from exc
    if not table.report.ok:
        raise _report_problems(table.report)
    return table


def _schema_check(resource: Resource, report: IngestReport) -> list[SchemaProblem]:
    """Problems against the resource's 自治体標準 schema; errors stop the load."""
    if not resource.schema_id:
        return []
    problems = check_columns(
        standard_schemas()[resource.schema_id], [c.name for c in report.columns]
    )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(
            "標準データセットの形式に合いません: " + " ".join(p.message_ja for p in errors),
            "The file does not follow its standard dataset schema: "
            + " ".join(p.message_en for p in errors),
            code="schema_mismatch",
            details=[_detail(p) for p in errors],
        )
    return problems


def schema_validate(schema_id: str) -> str:
    if schema_id not in standard_schemas():
        raise InvalidInput(
            f"標準データセット「{schema_id}」はありません（{', '.join(standard_schemas())}）。",
            f"Unknown standard schema {schema_id!r}; use one of {', '.join(standard_schemas())}.",
            code="unknown_schema",
        )
    return schema_id


def resource_version_create(
    *,
    actor: AbstractBaseUser | None,
    resource: Resource,
    path: Path,
    filename: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    on_progress: Progress | None = None,
) -> tuple[ResourceVersion, IngestReport]:
    """Read a file and publish it as the resource's next version, or change nothing."""
    require_unless_operator(actor, resource.dataset.organisation)
    filename = safe_filename(filename or path.name)
    table = _ingest(
        path, filename=filename, encoding=encoding, sheet=sheet, on_progress=on_progress
    )
    schema_problems = _schema_check(resource, table.report)
    info = warehouse().load(resource.warehouse_id, table.data)
    keep(original_name(resource.warehouse_id, info.version, filename), path)
    if is_bucket() and not resource.dataset.is_private:  # the copies are read by clusters
        keep(parquet_name(resource.warehouse_id, info.version), info.parquet_path)
    report = table.report
    with transaction.atomic():
        version = ResourceVersion.objects.create(
            resource=resource,
            version=info.version,
            filename=filename,
            format=report.format,
            size=path.stat().st_size,
            sha256=file_sha256(path),
            sheet=report.sheet or "",
            encoding=report.encoding or "",
            row_count=info.row_count,
            report={
                **report.as_dict(),
                "schema_problems": [dataclasses.asdict(p) for p in schema_problems],
            },
            created_by=actor,
        )
        Resource.objects.filter(pk=resource.pk).update(current_version=info.version)
        Dataset.objects.filter(pk=resource.dataset_id).update(modified_at=version.created_at)
        transaction.on_commit(
            functools.partial(version_published.send, sender=ResourceVersion, version=version)
        )
    resource.current_version = info.version
    return version, report


def dataset_load_file(
    *,
    actor: AbstractBaseUser | None,
    org_code: str,
    dataset_name: str,
    path: Path,
    **options: Any,
) -> LoadResult:
    """`sousei load`: load a file into a dataset of the organisation of a municipality or
    prefecture code, creating the organisation (operator only) and the dataset if missing."""
    organisation = organisation_for_writing(actor, org_code)
    return dataset_publish_file(
        actor=actor, organisation=organisation, dataset_name=dataset_name, path=path, **options
    )


def dataset_publish_file(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    dataset_name: str,
    path: Path,
    title: str | None = None,
    description: str = "",
    tags: list[str] | None = None,
    licence_id: str = "cc-by-4.0",
    resource_name: str | None = None,
    filename: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    private: bool = False,
    schema: str | None = None,
    on_progress: Progress | None = None,
) -> LoadResult:
    """Publish a file as the next version of a resource, creating the dataset and resource when
    they are new. A failed load removes what it created and leaves every current version as it
    was."""
    require_unless_operator(actor, organisation)
    filename = safe_filename(filename or path.name)
    dataset = Dataset.objects.filter(name=dataset_name).first()
    created = dataset is None
    if dataset is None:
        dataset = dataset_create(
            actor=actor,
            organisation=organisation,
            name=dataset_name,
            title=title or Path(filename).stem,
            description=description,
            tags=tags,
            licence_id=licence_id,
            is_private=private,
        )
    elif dataset.organisation_id != organisation.pk:
        raise InvalidInput(
            f"データセット「{dataset_name}」は別の組織（{dataset.organisation.name}）のものです。",
            f"Dataset {dataset_name!r} belongs to another organisation "
            f"({dataset.organisation.name}).",
            code="dataset_of_other_organisation",
        )
    name = resource_name or sheet or Path(filename).stem
    resource, _ = Resource.objects.get_or_create(dataset=dataset, name=name)
    try:
        if schema and resource.schema_id != schema:
            resource.schema_id = schema_validate(schema)
            resource.save(update_fields=["schema_id"])
        version, report = resource_version_create(
            actor=actor,
            resource=resource,
            path=path,
            filename=filename,
            encoding=encoding,
            sheet=sheet,
            on_progress=on_progress,
        )
    except Exception:
        if created:
            dataset.delete()
        elif resource.current_version is None:
            resource.delete()
        raise
    return LoadResult(dataset, resource, version, report, created)


EDITABLE_FIELDS = (
    "title",
    "description",
    "tags",
    "licence_id",
    "update_frequency",
    "spatial",
    "temporal_start",
    "temporal_end",
    "contact",
    "is_private",
)
MAX_TAGS = 30


def _invalid_field(field: str, problem_ja: str, problem_en: str) -> InvalidInput:
    return InvalidInput(
        f"「{field}」: {problem_ja}",
        f"{field}: {problem_en}",
        code="invalid_metadata",
        details=[{"field": field, "message_ja": problem_ja, "message_en": problem_en}],
    )


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))
    if len(cleaned) > MAX_TAGS or any(len(t) > 50 for t in cleaned):
        raise _invalid_field(
            "tags", f"タグは {MAX_TAGS} 個・各 50 文字までです。", f"at most {MAX_TAGS} tags of 50"
        )
    return cleaned


def _clean_spatial(codes: list[str]) -> list[str]:
    cleaned = []
    for code in codes:
        if code.strip():
            try:
                cleaned.append(area_get(code=code.strip()).code)
            except (InvalidInput, NotFound) as exc:
                raise _invalid_field("spatial", exc.message_ja, exc.message_en) from exc
    return list(dict.fromkeys(cleaned))


def _clean_metadata(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"] or len(cleaned["title"]) > 200:
            raise _invalid_field("title", "1〜200 文字で入力してください。", "1-200 characters")
    if len(cleaned.get("description") or "") > 20000:
        raise _invalid_field("description", "20,000 文字までです。", "at most 20,000 characters")
    if "tags" in cleaned:
        cleaned["tags"] = _clean_tags(cleaned["tags"] or [])
    if "licence_id" in cleaned:
        licence = licence_resolve(cleaned["licence_id"] or "")
        if licence is None:
            raise InvalidInput(
                f"ライセンス「{cleaned['licence_id']}」は使えません"
                f"（{', '.join(LICENCES_BY_ID)}）。",
                f"Unknown licence {cleaned['licence_id']!r}; "
                f"use one of {', '.join(LICENCES_BY_ID)}.",
                code="invalid_licence",
            )
        cleaned["licence_id"] = licence.id
    frequency = cleaned.get("update_frequency")
    if frequency and frequency not in FREQUENCIES_BY_ID:
        raise _invalid_field("update_frequency", "更新頻度が正しくありません。", "unknown value")
    if "spatial" in cleaned:
        cleaned["spatial"] = _clean_spatial(cleaned["spatial"] or [])
    if len(cleaned.get("contact") or "") > 200:
        raise _invalid_field("contact", "200 文字までです。", "at most 200 characters")
    return cleaned


def dataset_update(*, actor: AbstractBaseUser | None, dataset: Dataset, **fields: Any) -> Dataset:
    """Change a dataset's metadata (title, description, licence, coverage …); its data and
    versions are untouched."""
    require_unless_operator(actor, dataset.organisation)
    cleaned = _clean_metadata(fields)
    start = cleaned.get("temporal_start", dataset.temporal_start)
    end = cleaned.get("temporal_end", dataset.temporal_end)
    if start and end and start > end:
        raise _invalid_field(
            "temporal_end", "終了日が開始日より前です。", "the end is before the start"
        )
    for name, value in cleaned.items():
        setattr(dataset, name, value)
    dataset.save()
    return dataset
