"""Forms staff fill in to publish and describe data. Labels are translated; the rules behind
each field live in the catalog services, so the API and CLI enforce the same ones."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from sousei.catalog.frequencies import FREQUENCIES
from sousei.catalog.licences import LICENCES
from sousei.catalog.standards import standard_schemas
from sousei.orgs.models import Organisation
from sousei.participation.services import LIMITS
from sousei.web.context import english

ENCODINGS = [
    ("", _("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("cp932", "Shift_JIS (CP932)"),
    ("euc-jp", "EUC-JP"),
    ("utf-16", "UTF-16"),
]
LIST_SEPARATORS = re.compile(r"[,、，;；\s]+")


def split_list(text: str) -> list[str]:
    """Tags or codes typed as people type them: commas (half or full width), 、 or spaces."""
    return [part for part in LIST_SEPARATORS.split(text or "") if part]


def licence_choices() -> list[tuple[str, str]]:
    return [(lic.id, lic.title_en if english() else lic.title_ja) for lic in LICENCES]


def frequency_choices() -> list[tuple[str, str]]:
    return [("", _("Not stated"))] + [
        (f.id, f.title_en if english() else f.title_ja) for f in FREQUENCIES
    ]


def schema_choices() -> list[tuple[str, str]]:
    return [("", _("None"))] + [(sid, s["title"]) for sid, s in standard_schemas().items()]


class DescriptionFields(forms.Form):
    """What every dataset says about itself, on the new-dataset and the edit forms alike."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description (Markdown)"), widget=forms.Textarea, required=False
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate with commas or 、.")
    )
    licence_id = forms.ChoiceField(label=_("Licence"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licence_id"].choices = licence_choices()


class UploadForm(forms.Form):
    """A file for a new version of a resource (or a new resource of the dataset)."""

    file = forms.FileField(label=_("File (CSV, TSV, Excel)"), allow_empty_file=True)
    resource_name = forms.CharField(
        label=_("Resource name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the sheet or file name; an existing name adds a version."),
    )
    sheet = forms.CharField(
        label=_("Excel sheet"),
        required=False,
        max_length=100,
        help_text=_("Leave empty for the first sheet with data."),
    )
    encoding = forms.ChoiceField(label=_("Character encoding"), choices=ENCODINGS, required=False)
    schema = forms.ChoiceField(
        label=_("Standard dataset schema (自治体標準)"), choices=(), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schema"].choices = schema_choices()

    def load_options(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "resource_name": data["resource_name"].strip() or None,
            "sheet": data["sheet"].strip() or None,
            "encoding": data["encoding"] or None,
            "schema": data["schema"] or None,
        }


class NewDatasetForm(UploadForm, DescriptionFields):
    """A new dataset and its first file."""

    organisation = forms.ChoiceField(label=_("Publisher"))
    name = forms.SlugField(
        label=_("URL name"),
        max_length=100,
        help_text=_("Lower-case letters, digits, - and _; e.g. public-facilities."),
    )
    private = forms.BooleanField(label=_("Private (members only)"), required=False)

    field_order = ("organisation", "name", "title", "description", "tags", "licence_id")

    def __init__(
        self, *args: object, organisations: Iterable[Organisation], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        self.fields["organisation"].choices = [(o.slug, o.name) for o in organisations]

    def load_options(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            **super().load_options(),
            "title": data["title"],
            "description": data["description"],
            "tags": split_list(data["tags"]),
            "licence_id": data["licence_id"],
            "private": data["private"],
        }


class DatasetEditForm(DescriptionFields):
    """A dataset's metadata; its data and versions are not touched."""

    update_frequency = forms.ChoiceField(label=_("Update frequency"), required=False)
    spatial = forms.CharField(
        label=_("Areas covered (local government codes)"),
        required=False,
        help_text=_("e.g. 032093 or 03209; separate with commas."),
    )
    temporal_start = forms.DateField(
        label=_("Period from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    temporal_end = forms.DateField(
        label=_("Period to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact = forms.CharField(label=_("Contact"), required=False, max_length=200)
    is_private = forms.BooleanField(label=_("Private (members only)"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["update_frequency"].choices = frequency_choices()

    def metadata(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data["tags"] = split_list(data["tags"])
        data["spatial"] = split_list(data["spatial"])
        return data


KINDS = [
    ("population", _("Population (by date, sex, age)")),
    ("vital", _("Births and deaths (by year)")),
    ("migration", _("Moves in and out (by year)")),
    ("households", _("Households (by date)")),
]
SOURCES = [
    ("juki", _("Resident register (住民基本台帳)")),
    ("census", _("Census (国勢調査)")),
    ("estimate", _("Population estimate (推計人口)")),
    ("projection", _("Projection (将来推計・人口ビジョン)")),
    ("other", _("Other")),
]
FIXED_SEX = [("total", _("Both sexes")), ("male", _("Male")), ("female", _("Female"))]
FIXED_EVENT = [("", "—"), ("births", _("Births")), ("deaths", _("Deaths"))]
FIXED_DIRECTION = [("", "—"), ("in", _("Moves in")), ("out", _("Moves out"))]
COLUMN_FIELDS = (
    "value",
    "area",
    "area_name",
    "date",
    "sex",
    "age",
    "event",
    "direction",
    "counterpart_code",
    "counterpart_name",
)


class StatisticsMappingForm(forms.Form):
    """The mapping screen: for each dimension a column of the file, or a fixed value."""

    kind = forms.ChoiceField(label=_("Table"), choices=KINDS)
    value = forms.ChoiceField(label=_("Column with the numbers"))
    area = forms.ChoiceField(label=_("Column with the area code"), required=False)
    area_code = forms.CharField(label=_("Or one area code for every row"), required=False)
    area_name = forms.ChoiceField(label=_("Column with district names"), required=False)
    date = forms.ChoiceField(label=_("Column with the date or year"), required=False)
    fixed_year = forms.IntegerField(
        label=_("Or one year for every row"), required=False, min_value=1800, max_value=2200
    )
    sex = forms.ChoiceField(label=_("Column with the sex"), required=False)
    fixed_sex = forms.ChoiceField(label=_("Or one sex"), choices=FIXED_SEX, required=False)
    age = forms.ChoiceField(label=_("Column with the age"), required=False)
    event = forms.ChoiceField(label=_("Column with births/deaths"), required=False)
    fixed_event = forms.ChoiceField(label=_("Or one event"), choices=FIXED_EVENT, required=False)
    direction = forms.ChoiceField(label=_("Column with in/out"), required=False)
    fixed_direction = forms.ChoiceField(
        label=_("Or one direction"), choices=FIXED_DIRECTION, required=False
    )
    counterpart_code = forms.ChoiceField(
        label=_("Column with the other area's code"), required=False
    )
    counterpart_name = forms.ChoiceField(
        label=_("Column with the other area's name"), required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=SOURCES)
    vintage = forms.CharField(
        label=_("Edition (e.g. 令和2年国勢調査)"), required=False, max_length=100
    )

    def __init__(self, *args: object, columns: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in COLUMN_FIELDS:
            field = self.fields[name]
            field.choices = ([] if name == "value" else [("", "—")]) + list(columns)


class StrategyImportForm(forms.Form):
    """A strategy workbook (the `sousei strategy template` layout) for one organisation."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), empty_label=None
    )
    file = forms.FileField(label=_("Strategy workbook (.xlsx)"))

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()


class KpiEditForm(forms.Form):
    """One year of one KPI: the actual, and the verification texts (効果検証)."""

    actual = forms.CharField(label=_("Actual"), required=False)
    note = forms.CharField(label=_("Note on the actual"), required=False, max_length=500)
    analysis = forms.CharField(label=_("Cause analysis"), required=False, widget=forms.Textarea)
    issues = forms.CharField(label=_("Issues"), required=False, widget=forms.Textarea)
    next_step = forms.ChoiceField(label=_("Next step"), required=False)
    council_comment = forms.CharField(
        label=_("Expert council's comment"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, next_steps=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_step"].choices = [("", "—"), *next_steps]

    def clean_actual(self) -> float | None:
        from sousei.ingest.numbers import parse_number

        text = self.cleaned_data["actual"].strip()
        if not text:
            return None
        value = parse_number(text)
        if value is None:
            raise forms.ValidationError(_("Enter a number, e.g. 1,234 or 12.5."))
        return float(value)


class HoneypotMixin(forms.Form):
    """A field people never see; bots fill every field."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ContactFields(HoneypotMixin):
    """How a resident signs a post: a name to show and an address to answer (never shown)."""

    display_name = forms.CharField(
        label=_("Name to show (optional)"), required=False, max_length=LIMITS["display_name"]
    )
    email = forms.EmailField(label=_("E-mail for a reply (optional, never shown)"), required=False)


class CommentForm(ContactFields):
    body = forms.CharField(label=_("Comment"), max_length=LIMITS["body"], widget=forms.Textarea)
    field_order = ("body", "display_name", "email", "website")


class DataRequestForm(ContactFields):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("slug"), label=_("Ask which organisation")
    )
    title = forms.CharField(label=_("Which data would you like?"), max_length=LIMITS["title"])
    description = forms.CharField(
        label=_("What would you use it for? (optional)"),
        required=False,
        max_length=LIMITS["description"],
        widget=forms.Textarea,
    )
    field_order = ("organisation", "title", "description", "display_name", "email", "website")


class StoryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), empty_label=None
    )
    slug = forms.SlugField(label=_("URL name"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=128, required=False)
    body = forms.CharField(
        label=_("Text (Markdown with embeds)"),
        widget=forms.Textarea(attrs={"rows": 18, "data-story-body": ""}),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()


class ResidentSignupForm(HoneypotMixin):
    """A resident's account: only to comment under one name; it belongs to no organisation."""

    username = forms.RegexField(
        label=_("Username"), max_length=30, regex=r"^[\w.@+-]+$", help_text=_("Letters, digits")
    )
    email = forms.EmailField(label=_("E-mail (never shown)"), required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
