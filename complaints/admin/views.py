"""Admin views for the workflow: one small form per action, calling complaint_transition."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrears.errors import DomainError, RoleNotAllowed
from arrears.roles import effective_roles
from complaints.selectors import intake_duplicates
from complaints.services import (
    FORM_FIELDS,
    complaint_reveal,
    complaint_submit,
    complaint_transition,
    document_serve,
    national_platform_import,
    read_table,
)
from complaints.workflow import allowed_actions, transition_for

from .forms import (
    DocumentServeForm,
    ImportForm,
    IntakeForm,
    RevealForm,
    transition_fields,
    transition_form_class,
)


def admin_path(model_admin, route: str, view, name: str):
    """Return a URL pattern for `view` behind the admin's log-in, bound to `model_admin`."""
    wrapped = model_admin.admin_site.admin_view(partial(view, model_admin))
    return path(route, wrapped, name=f"complaints_complaint_{name}")


def transition_urls(model_admin) -> list:
    """Return the URL patterns of the action forms of `model_admin`."""
    return [
        admin_path(
            model_admin, "<path:object_id>/act/<slug:action>/", transition_view, "transition"
        )
    ]


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields, the others on top of the form."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def transition_view(model_admin, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
    """Show the form for `action` on one complaint and run it through the workflow service."""
    complaint = model_admin.get_object(request, object_id)  # 404 when out of scope
    transition = transition_for(action)
    if transition is None:
        raise PermissionDenied
    roles = effective_roles(request.user)
    if not roles & transition.roles:
        raise PermissionDenied
    change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    if action not in allowed_actions(complaint.stage, frozenset(roles)):
        messages.error(
            request,
            _("%(action)s is not possible from stage %(stage)s.")
            % {"action": transition.label, "stage": complaint.get_stage_display()},
        )
        return HttpResponseRedirect(change_url)
    form_class = transition_form_class(action, complaint)
    form = form_class(request.POST or None, initial={"version": complaint.version})
    if request.method == "POST" and form.is_valid():
        try:
            complaint_transition(
                complaint=complaint,
                action=action,
                actor=request.user,
                version=form.cleaned_data["version"],
                **transition_fields(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except RoleNotAllowed:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_error(None, exc.detail)
            for field, errors in exc.fields.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": transition.label})
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{transition.label} — {complaint.reference}",
        "complaint": complaint,
        "form": form,
        "action": action,
        "change_url": change_url,
        "media": model_admin.media + form.media,
    }
    return render(request, "admin/complaints/complaint/transition.html", context)


def reveal_urls(model_admin) -> list:
    """Return the URL pattern of the audited reveal of the complainant's personal data."""
    return [admin_path(model_admin, "<path:object_id>/reveal/", reveal_view, "reveal")]


def reveal_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Ask why, then show the full name, ID number and phone once, and log the access."""
    complaint = model_admin.get_object(request, object_id)  # 404 when out of scope
    if not request.user.has_perm("arrears.view_pii"):
        raise PermissionDenied
    form = RevealForm(request.POST or None)
    values = None
    if request.method == "POST" and form.is_valid():
        try:
            values = complaint_reveal(
                complaint=complaint, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:  # read-only office, too many reveals
            form.add_error(None, exc.detail)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Reveal personal data — %(reference)s") % {"reference": complaint.reference},
        "complaint": complaint,
        "form": form,
        "values": values,
        "change_url": reverse("admin:complaints_complaint_change", args=[complaint.pk]),
    }
    response = render(request, "admin/complaints/complaint/reveal.html", context)
    # Shown once: never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


def intake_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Take a complaint at the counter or on the hotline through complaint_submit, warning
    about a possible duplicate before anything is saved."""
    form = IntakeForm(request.POST or None, admin_site=model_admin.admin_site)
    duplicates: list = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        duplicates = intake_duplicates(
            request.user,
            id_number=d["id_number"],
            employer=d["employer"],
            employer_name=d["employer_name"],
            employer_uscc=d["employer_uscc"],
            arrears_from=d["arrears_from"],
            arrears_to=d["arrears_to"],
        )
        if not duplicates or form.cleaned_data["confirm_duplicate"]:
            try:
                result = complaint_submit(actor=request.user, **form.submit_kwargs())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    name = FORM_FIELDS.get(field, field)
                    form.add_error(name if name in form.fields else None, errors)
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                return render(
                    request,
                    "admin/complaints/complaint/intake_done.html",
                    {
                        **model_admin.admin_site.each_context(request),
                        "opts": model_admin.model._meta,
                        "title": _("Complaint filed"),
                        "complaint": result.complaint,
                        "access_code": result.access_code,
                    },
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Take a complaint (hotline or counter)"),
        "form": form,
        "duplicates": duplicates,
        "media": model_admin.media + form.media,
    }
    return render(request, "admin/complaints/complaint/intake.html", context)


def import_urls(model_admin) -> list:
    """Return the URL pattern of the national-platform import page."""
    return [admin_path(model_admin, "import/", import_view, "import")]


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Preview (dry run) or import a platform export; a file with any bad row saves nothing."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name)
        except (UnicodeDecodeError, ValueError, KeyError):
            form.add_error("file", _("The file cannot be read: save it as UTF-8 CSV or as XLSX."))
        else:
            report = national_platform_import(
                table=table, actor=request.user, dry_run="import" not in request.POST
            )
            if report.saved:
                n = len(report.rows)
                messages.success(
                    request,
                    ngettext("%(n)d complaint imported.", "%(n)d complaints imported.", n)
                    % {"n": n},
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import from the national platform"),
        "form": form,
        "report": report,
    }
    return render(request, "admin/complaints/complaint/import.html", context)


def private_download(file) -> FileResponse:
    """Send a stored file of a complaint as a download, never sniffed, never cached."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_urls(model_admin) -> list:
    """Return the URL pattern serving a complaint's evidence files."""
    route = "<path:object_id>/attachments/<int:attachment_id>/"
    return [admin_path(model_admin, route, attachment_view, "attachment")]


def attachment_view(
    model_admin,
    request: HttpRequest,
    object_id: str,
    attachment_id: int,
) -> FileResponse:
    """Serve one evidence file of a complaint the user may see; 404 otherwise, 403 to a role
    that may not see the evidence (the same permission that shows the list of files)."""
    complaint = model_admin.get_object(request, object_id)  # 404 when out of scope
    if not request.user.has_perm("complaints.view_attachment"):
        raise PermissionDenied
    attachment = get_object_or_404(complaint.attachments, pk=attachment_id)
    return private_download(attachment.file)


def document_urls(model_admin) -> list:
    """Return the URL patterns recording a document's service and serving its scan."""
    route = "<path:object_id>/documents/<int:document_id>/"
    return [
        admin_path(model_admin, f"{route}serve/", document_serve_view, "document_serve"),
        admin_path(model_admin, f"{route}file/", document_file_view, "document_file"),
    ]


def document_serve_view(
    model_admin,
    request: HttpRequest,
    object_id: str,
    document_id: int,
) -> HttpResponse:
    """Record that one enforcement document was served, through `document_serve`."""
    complaint = model_admin.get_object(request, object_id)  # 404 when out of scope
    document = get_object_or_404(complaint.documents, pk=document_id)
    if not model_admin.has_inspect_permission(request):
        raise PermissionDenied
    change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    if document.served_on is not None and request.method != "POST":
        messages.info(
            request,
            _("This document was already served on %(date)s.")
            % {"date": document.served_on.isoformat()},
        )
        return HttpResponseRedirect(change_url)
    form = DocumentServeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_serve(document=document, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except RoleNotAllowed:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Service recorded: %(document)s.") % {"document": document})
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Record service — %(document)s") % {"document": document},
        "complaint": complaint,
        "document": document,
        "form": form,
        "change_url": change_url,
        "media": model_admin.media + form.media,
    }
    return render(request, "admin/complaints/complaint/serve_document.html", context)


def document_file_view(
    model_admin,
    request: HttpRequest,
    object_id: str,
    document_id: int,
) -> FileResponse:
    """Serve the scan of a served document of a complaint the user may see; 404 otherwise,
    403 to a role that may not see the documents (the permission that lists them)."""
    complaint = model_admin.get_object(request, object_id)  # 404 when out of scope
    if not request.user.has_perm("complaints.view_document"):
        raise PermissionDenied
    document = get_object_or_404(complaint.documents.exclude(file=""), pk=document_id)
    return private_download(document.file)
