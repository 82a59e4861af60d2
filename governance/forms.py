from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import NamedEmptyChoiceMixin, VersionedFormMixin
from core.models import Organisation, User
from governance.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Meeting,
    Milestone,
    Risk,
    RoleAssignment,
    StatusReport,
    Workstream,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class VersionedModelForm(NamedEmptyChoiceMixin, VersionedFormMixin, forms.ModelForm):
    """A model form whose save goes through a service; it only validates and carries input."""

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MilestoneForm(VersionedModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "status", "completed_on"]
        widgets = {"due_date": DATE, "completed_on": DATE}


class StatusReportForm(VersionedModelForm):
    class Meta:
        model = StatusReport
        fields = [
            "period_start",
            "period_end",
            "overall_status",
            "progress_summary",
            "results",
            "next_steps",
            "escalations",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "overall_status": forms.RadioSelect,
            "progress_summary": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "escalations": forms.Textarea(attrs={"rows": 2}),
        }


class QuickStatusReportForm(StatusReportForm):
    """The kwartiermaker's quick form: pick the workstream here, then draft or publish."""

    workstream = forms.ModelChoiceField(
        queryset=Workstream.objects.order_by("number"),
        label=_("Werkstroom"),
        help_text=_("De werkstroom waarover u rapporteert."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(StatusReportForm.Meta):
        fields = ["workstream", *StatusReportForm.Meta.fields]

    def service_values(self) -> dict:
        values = super().service_values()
        values.pop("workstream")
        return values


class MeetingForm(VersionedModelForm):
    # A web address typed without a scheme is taken as https:// (Django 6's default).
    video_url = Meeting._meta.get_field("video_url").formfield(
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": _("Vul een volledig webadres in, beginnend met https://.")},
    )

    class Meta:
        model = Meeting
        fields = [
            "held_on",
            "start_time",
            "end_time",
            "title",
            "location",
            "video_url",
            "minutes",
        ]
        widgets = {
            "held_on": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "start_time": {"invalid": _("Vul een tijd in als uu:mm, bijvoorbeeld 14:00.")},
            "end_time": {"invalid": _("Vul een tijd in als uu:mm, bijvoorbeeld 16:30.")},
        }


class AgendaItemForm(VersionedModelForm):
    """Title, explanation, presenter and duration of an agenda item (position: move buttons)."""

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "duration_minutes", "workstream"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 480}),
        }
        error_messages = {
            "title": {"required": _("Geef het agendapunt een titel.")},
            "duration_minutes": {
                "min_value": _("Een agendapunt duurt minstens 1 minuut."),
                "max_value": _("Een agendapunt duurt hooguit 480 minuten (8 uur)."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].empty_label = _("Het hele programma")


class AgendaItemMinutesForm(VersionedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6})}


class DecisionForm(VersionedModelForm):
    class Meta:
        model = Decision
        fields = ["decided_on", "meeting", "agenda_item", "text", "workstreams"]
        widgets = {
            "agenda_item": forms.HiddenInput,
            "decided_on": DATE,
            "text": forms.Textarea(attrs={"rows": 4}),
            "workstreams": forms.CheckboxSelectMultiple,
        }

    def service_values(self) -> dict:
        values = super().service_values()
        values.pop("workstreams")
        return values


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "owner",
            "owner_organisation",
            "workstream",
            "decision",
            "due_date",
            "status",
            "agenda_item",
        ]
        widgets = {
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda_item": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name"
        )


class CommitmentForm(VersionedModelForm):
    class Meta:
        model = Commitment
        fields = ["council", "made_by", "made_on", "text", "due_date", "status", "workstream"]
        widgets = {
            "made_on": DATE,
            "due_date": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Organisation.objects.with_council()


class RiskForm(VersionedModelForm):
    class Meta:
        model = Risk
        fields = [
            "workstream",
            "title",
            "description",
            "probability",
            "impact",
            "owner",
            "mitigation",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "probability": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "impact": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the workstreams this user may put risks on; programme-wide only for those allowed.
        allowed = [
            ws.pk
            for ws in Workstream.objects.select_related("lead_organisation")
            if user is None or user.has_perm("governance.edit_workstream_status", ws)
        ]
        self.fields["workstream"].queryset = Workstream.objects.filter(pk__in=allowed)
        if user is not None and not user.has_perm("governance.edit_workstream_status", None):
            self.fields["workstream"].required = True
            self.fields["workstream"].empty_label = None
        self.fields["owner"].queryset = User.objects.filter(is_active=True)


class RoleAssignmentForm(VersionedModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["function", "person_name", "organisation", "hours_per_week"]


def _document_file_field(label) -> forms.FileField:
    """The upload field of a paper; what is allowed is checked by content in the service."""
    return forms.FileField(
        label=label,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG of JPG; ten hoogste %(max)s.")
        % {"max": filesizeformat(settings.MEETING_DOCUMENT_MAX_BYTES)},
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg"}
        ),
    )


class MeetingDocumentForm(forms.Form):
    """A new paper: its title, where it belongs on the agenda, and the file."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Zoals het stuk op de agenda heet, bijvoorbeeld 'Voortgangsrapportage Q3'."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Bij agendapunt"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("De vergadering als geheel"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.position}. {item.title}"
        )
        self.fields["file"] = _document_file_field(_("Bestand"))


class MeetingDocumentVersionForm(forms.Form):
    """A replacement file: the earlier version stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _document_file_field(_("Nieuw bestand"))
