"""The one page flow of every import: upload -> preview with row errors -> confirm.

Domain views stay one line: they check their base rule and call `import_page` with their
importers, their scope and their template (which extends templates/imports/page.html).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.imports import pipeline
from core.imports.reading import FileRefused, Limits, check_name_and_size
from core.models import ImportStatus

PREVIEW_ROWS = 50
SHOWN_ERRORS = 500


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort gegevens"), choices=[])
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy("Een .xlsx- of .csv-bestand met de kolommen uit de uitleg."),
    )

    def __init__(self, *args, importers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.key, i.label) for i in importers]
        if len(importers) == 1:
            self.fields["kind"].initial = importers[0].key
            self.fields["kind"].widget = forms.HiddenInput()
        limits = Limits.from_settings()
        self.fields["file"].help_text += " " + _("Hooguit %(size)s MB en %(rows)s regels.") % {
            "size": limits.upload_bytes // (1024 * 1024),
            "rows": f"{limits.rows:,}".replace(",", "."),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_name_and_size(upload.name, upload.size, Limits.from_settings())
        except FileRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


def import_page(request, *, importers, scope, template: str, context: dict, done_url: str):
    """Render or handle the import page for `scope` (a budget year, a round)."""
    by_key = {i.key: i for i in importers}
    context = {**context, "importers": importers}
    upload_id = request.POST.get("upload") or request.GET.get("upload")
    if upload_id or "confirm" in request.POST:
        return _pending(request, by_key, scope, upload_id, template, context, done_url)
    form = ImportForm(request.POST or None, request.FILES or None, importers=importers)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        importer_class = by_key[form.cleaned_data["kind"]]
        if not request.user.has_perm(importer_class.permission):
            raise PermissionDenied
        importer = importer_class(scope)
        upload = form.cleaned_data["file"]
        preview = pipeline.import_preview(
            importer=importer, name=upload.name, content=upload.read(), acting_user=request.user
        )
        context.update(_preview_context(importer, preview.parsed), upload=preview.upload)
    return render(request, template, context)


def _preview_context(importer, parsed) -> dict:
    return {
        "importer": importer,
        "errors": parsed.errors[:SHOWN_ERRORS],
        "error_count": len(parsed.errors),
        "row_count": len(parsed.rows),
        "preview_headers": importer.preview_headers,
        "preview": [
            (row.number, importer.preview_cells(row.values)) for row in parsed.rows[:PREVIEW_ROWS]
        ],
    }


def _pending(request, by_key, scope, upload_id, template, context, done_url):
    """Confirm a previewed upload, or show how a background import is getting on."""
    importer = None
    upload = None
    for importer_class in by_key.values():
        candidate = importer_class(scope)
        upload = pipeline.pending_upload(
            importer=candidate, upload_id=upload_id, acting_user=request.user
        )
        if upload is not None:
            importer = candidate
            break
    if upload is None:
        messages.error(request, _("Deze import is verlopen; lees het bestand opnieuw in."))
        return redirect(request.path)
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied
    if request.method == "POST" and upload.status == ImportStatus.PREVIEWED:
        if pipeline.runs_in_background(upload):
            pipeline.import_queue(upload=upload)
            return redirect(f"{request.path}?upload={upload.pk}")
        try:
            count = pipeline.import_confirm(
                importer=importer, upload=upload, acting_user=request.user
            )
        except pipeline.ImportRejected as rejected:
            context.update(
                form=ImportForm(importers=list(by_key.values())),
                errors=rejected.errors[:SHOWN_ERRORS],
                error_count=len(rejected.errors),
            )
            return render(request, template, context)
        messages.success(request, _imported_message(count))
        return redirect(done_url)
    if upload.status == ImportStatus.DONE:
        messages.success(request, _imported_message(upload.result.get("count", 0)))
        upload.delete()
        if request.headers.get("HX-Request"):
            # htmx would swap the redirected page into the progress box: let it navigate.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = done_url
            return response
        return redirect(done_url)
    context.update(upload=upload, progress=True)
    if upload.status == ImportStatus.FAILED:
        context.update(
            form=ImportForm(importers=list(by_key.values())),
            errors=pipeline.stored_errors(upload),
            error_count=upload.result.get("error_count", 0),
        )
    if request.headers.get("HX-Request"):
        return render(request, "imports/progress.html", context)
    return render(request, template, context)


def _imported_message(count: int) -> str:
    return ngettext("%(count)s regel ingelezen.", "%(count)s regels ingelezen.", count) % {
        "count": count
    }
