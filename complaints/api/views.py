"""Thin API views over the complaint services and selectors (DESIGN §7.3)."""

from __future__ import annotations

import csv
import io
import itertools
import re

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrears.api.permissions import IsStaff
from arrears.models import User
from arrears.roles import CALLER_ROLES, effective_roles
from complaints.errors import StaleVersion
from complaints.exports import ComplaintExportResource
from complaints.models import Channel, Complaint, Event
from complaints.selectors import (
    complaint_for_tracking,
    complaints_visible_to,
    events_visible_to,
    tracking,
    with_flags,
)
from complaints.services import (
    attachment_add,
    complaint_reveal,
    complaint_submit,
    complaint_transition,
    complaint_update,
    document_serve_pending,
)
from complaints.workflow import public_status
from restapi.parsers import JSONParser
from restapi.schema import error_responses
from restapi.throttling import SharedScopedRateThrottle

from . import examples
from .filters import ComplaintFilter
from .idempotency import idempotent
from .serializers import (
    TRANSITION_BODY,
    TRANSITION_SERIALIZERS,
    AttachmentInSerializer,
    AttachmentOutSerializer,
    ClaimInSerializer,
    ClaimOutSerializer,
    ComplaintOutSerializer,
    ComplaintPatchSerializer,
    DocumentOutSerializer,
    DocumentServeInSerializer,
    EventOutSerializer,
    PaymentInSerializer,
    PaymentOutSerializer,
    PublicComplaintInSerializer,
    PublicComplaintOutSerializer,
    RevealInSerializer,
    RevealOutSerializer,
    StaffComplaintInSerializer,
    TrackInSerializer,
    TrackOutSerializer,
    TransitionActionSerializer,
)

ERRORS = error_responses(400, 401, 403, 404)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 412, 415, 428)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A random value made for this request, such as a UUID (≤ 200 characters). "
    "A retry with the same key and body within 24 hours gets the first answer again (header "
    "Idempotent-Replayed: true) and files nothing more; the same key with another body is "
    "refused with 422. Keys are per account for staff and API clients and shared by all "
    "anonymous callers, hence random.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^(W/)?"?[0-9]+"?$'},
    OpenApiParameter.HEADER,
    required=True,
    description="the complaint's version, as returned in ETag. `*` is not taken: a change "
    "is always made against the version you read (412 otherwise).",
)


class HasRole(BasePermission):
    """Staff with any role, or an API client; the services check the role per action."""

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(user and effective_roles(user) & CALLER_ROLES)


def etag(complaint: Complaint) -> str:
    return f'"{complaint.version}"'


def if_match_version(request: Request) -> int:
    """Return the version the client last saw, from If-Match; 428 when it is missing."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    value = header.strip().removeprefix("W/").strip('"')
    if not re.fullmatch(r"[0-9]{1,9}", value):  # ASCII digits: str.isdigit() takes "²"
        raise StaleVersion(_("If-Match must be the complaint's ETag."))
    return int(value)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = gettext_lazy("Send If-Match with the complaint's ETag.")


@extend_schema(tags=["public"])
class PublicComplaintView(APIView):
    """File a complaint as a member of the public (throttled)."""

    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "public_submit"

    @extend_schema(
        request=PublicComplaintInSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: PublicComplaintOutSerializer, **error_responses(400, 415, 422, 429)},
        summary="File a complaint",
        examples=examples.PUBLIC_SUBMIT,
    )
    def post(self, request: Request) -> Response:
        return idempotent(request, "public", lambda: self.file(request))

    def file(self, request: Request) -> Response:
        body = PublicComplaintInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = complaint_submit(actor=None, channel=Channel.WEB, **body.submit_kwargs())
        complaint = result.complaint
        out = {
            "reference": complaint.reference,
            "access_code": result.access_code,
            "public_status": public_status(complaint.stage).value,
            "acceptance_due": complaint.acceptance_due,
            "office": {"name": complaint.office.name, "hotline": complaint.office.hotline},
        }
        return Response(PublicComplaintOutSerializer(out).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["public"])
class PublicTrackView(APIView):
    """Follow a complaint with its reference and access code (throttled)."""

    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "public_track"

    @extend_schema(
        request=TrackInSerializer,
        responses={200: TrackOutSerializer, **error_responses(400, 404, 415, 429)},
        summary="Track a complaint",
        examples=examples.TRACK,
    )
    def post(self, request: Request) -> Response:
        body = TrackInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = complaint_for_tracking(
            body.validated_data["reference"], body.validated_data["access_code"]
        )
        if complaint is None:
            raise exceptions.NotFound(_("No complaint matches this reference and access code."))
        return Response(TrackOutSerializer(tracking(complaint)).data)


@extend_schema(tags=["complaints"], responses={**ERRORS})
class ComplaintViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Complaints in the caller's scope (DESIGN §6); an API client sees what it filed."""

    permission_classes = [HasRole]
    parser_classes = [JSONParser]
    serializer_class = ComplaintOutSerializer
    lookup_field = "reference"
    lookup_value_regex = "QX-[0-9A-Z]{4}-[0-9A-Z]{4}"
    filterset_class = ComplaintFilter
    ordering_fields = ("received_at", "next_due", "amount_claimed", "workers_affected")
    ordering = ("next_due", "-received_at", "id")

    def get_permissions(self) -> list[BasePermission]:
        # An API client files complaints and reads the ones it filed (DESIGN §6), not their
        # internal history or the export (§7.3: staff).
        if self.action in ("events", "export"):
            return [IsStaff()]
        return super().get_permissions()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple:
        if self.action == "export":
            # The export is CSV whatever Accept asks for (no 406); its errors are JSON.
            renderer = self.get_renderers()[0]
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    def get_object(self) -> Complaint:
        """The complaint named in the URL, in scope; the list's query filters do not apply."""
        complaint = get_object_or_404(self.get_queryset(), reference=self.kwargs["reference"])
        self.check_object_permissions(self.request, complaint)
        return complaint

    def get_queryset(self) -> QuerySet[Complaint]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return Complaint.objects.none()
        return self._detailed(complaints_visible_to(self.request.user))

    @staticmethod
    def _detailed(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
        return (
            with_flags(complaints)
            .select_related("complainant", "employer", "work_region", "office")
            .prefetch_related(Prefetch("assignees", queryset=User.objects.only("id", "username")))
        )

    @extend_schema(
        summary="List complaints",
        examples=examples.COMPLAINT_OUT,
        responses={200: ComplaintOutSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One complaint (ETag = version)",
        examples=examples.COMPLAINT_OUT,
        responses={200: ComplaintOutSerializer, **ERRORS},
    )
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        complaint = self.get_object()
        response = Response(self.get_serializer(complaint).data)
        response["ETag"] = etag(complaint)
        return response

    @extend_schema(
        summary="File a complaint (staff, API clients)",
        examples=examples.STAFF_CREATE,
        request=StaffComplaintInSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ComplaintOutSerializer, **error_responses(400, 401, 403, 415, 422)},
    )
    def create(self, request: Request) -> Response:
        return idempotent(request, f"user:{request.user.pk}", lambda: self.file(request))

    def file(self, request: Request) -> Response:
        body = StaffComplaintInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = complaint_submit(actor=request.user, **body.submit_kwargs())
        # The receipt, whichever office it was routed to: the filer entered these values and
        # sees them masked as on any detail. Later reads follow the scope (the filing office
        # keeps a read-only view of what it took in, DESIGN §6).
        complaint = self._detailed(Complaint.objects.filter(pk=result.complaint.pk)).get()
        response = Response(self.get_serializer(complaint).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(complaint)
        return response

    @extend_schema(
        summary="Move a complaint through the workflow",
        examples=examples.TRANSITIONS,
        request=TRANSITION_BODY,
        parameters=[IF_MATCH],
        responses={
            200: ComplaintOutSerializer,
            **WRITE_ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, reference: str) -> Response:
        complaint = self.get_object()
        version = if_match_version(request)
        head = TransitionActionSerializer(data=request.data)
        head.is_valid(raise_exception=True)
        action_name = head.validated_data["action"]
        body = TRANSITION_SERIALIZERS[action_name](data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        fields.pop("action")
        complaint_transition(
            complaint=complaint, action=action_name, actor=request.user, version=version, **fields
        )
        complaint = self.get_queryset().get(pk=complaint.pk)
        response = Response(self.get_serializer(complaint).data)
        response["ETag"] = etag(complaint)
        return response

    @extend_schema(
        summary="The complaint's history",
        examples=examples.EVENTS_OUT,
        responses={200: EventOutSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], serializer_class=EventOutSerializer, filter_backends=[])
    def events(self, request: Request, reference: str) -> Response:
        complaint = get_object_or_404(complaints_visible_to(request.user), reference=reference)
        events = (
            Event.objects.filter(complaint=complaint).select_related("actor").order_by("at", "id")
        )
        page = events_visible_to(request.user, list(self.paginate_queryset(events)))
        return self.get_paginated_response(EventOutSerializer(page, many=True).data)

    @extend_schema(
        summary="Reveal the complainant's personal data (audited)",
        examples=[*examples.REVEAL, *examples.REVEAL_OUT],
        request=RevealInSerializer,
        responses={200: RevealOutSerializer, **error_responses(400, 401, 403, 404, 415, 429)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reveal(self, request: Request, reference: str) -> Response:
        complaint = get_object_or_404(complaints_visible_to(request.user), reference=reference)
        # Say "not allowed" before judging the body; the service checks again.
        if not request.user.has_perm("arrears.view_pii"):
            raise exceptions.PermissionDenied()
        body = RevealInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = complaint_reveal(
            complaint=complaint, user=request.user, reason=body.validated_data["reason"]
        )
        response = Response(RevealOutSerializer(values).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="Export the filtered list as CSV (no personal data)",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="UTF-8 CSV, one row per complaint, streamed.",
                examples=examples.EXPORT_CSV,
            ),
            **error_responses(400, 401, 403),
        },
    )
    def export(self, request: Request) -> StreamingHttpResponse:
        complaints = self.filter_queryset(self.get_queryset()).select_related("sector")
        resource = ComplaintExportResource()

        def rows():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in itertools.chain(
                [resource.get_export_headers()],
                (resource.export_resource(c) for c in complaints.iterator(chunk_size=500)),
            ):
                writer.writerow(row)
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate(0)

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
        return response

    @extend_schema(
        summary="Correct intake details (If-Match)",
        examples=examples.PATCH,
        request=ComplaintPatchSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ComplaintOutSerializer,
            **WRITE_ERRORS,
        },
    )
    def partial_update(self, request: Request, reference: str) -> Response:
        complaint = self.get_object()
        version = if_match_version(request)
        body = ComplaintPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint_update(
            complaint=complaint, actor=request.user, version=version, **body.validated_data
        )
        return self.detail_response(complaint)

    def detail_response(self, complaint: Complaint, status_code: int = 200) -> Response:
        """Return the complaint reloaded through the list's queryset, with its ETag."""
        complaint = self.get_queryset().get(pk=complaint.pk)
        response = Response(self.get_serializer(complaint).data, status=status_code)
        response["ETag"] = etag(complaint)
        return response

    def scoped(self, reference: str) -> Complaint:
        return get_object_or_404(complaints_visible_to(self.request.user), reference=reference)

    def listing(self, rows: QuerySet, serializer: type) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Workers' claims",
        examples=examples.CLAIMS_OUT,
        responses={200: ClaimOutSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a worker's claim (If-Match); answers with the complaint",
        examples=examples.CLAIM_IN,
        request=ClaimInSerializer,
        parameters=[IF_MATCH],
        responses={201: ComplaintOutSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def claims(self, request: Request, reference: str) -> Response:
        complaint = self.scoped(reference)
        if request.method == "POST":
            return self.run_step(request, complaint, "record_claim", ClaimInSerializer)
        rows = complaint.claims.select_related("worker").order_by("id")
        return self.listing(rows, ClaimOutSerializer)

    @extend_schema(
        methods=["GET"],
        summary="Payments",
        examples=examples.PAYMENTS_OUT,
        responses={200: PaymentOutSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a payment (If-Match); answers with the complaint",
        examples=examples.PAYMENT_IN,
        request=PaymentInSerializer,
        parameters=[IF_MATCH],
        responses={201: ComplaintOutSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def payments(self, request: Request, reference: str) -> Response:
        complaint = self.scoped(reference)
        if request.method == "POST":
            return self.run_step(request, complaint, "record_payment", PaymentInSerializer)
        return self.listing(complaint.payments.order_by("paid_on", "id"), PaymentOutSerializer)

    @extend_schema(
        methods=["GET"],
        summary="Enforcement documents (issued by workflow steps)",
        examples=examples.DOCUMENTS_OUT,
        responses={200: DocumentOutSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record that a document was served (送达)",
        description="Marks the complaint's latest document of `kind` that is not yet served as "
        "served on `served_on` (between its issue and today), keeps the scan of the served copy "
        "if one is sent, and notes it in the history. 409 when no document of that kind is "
        "waiting to be served. Inspectors and supervisors.",
        request={"multipart/form-data": DocumentServeInSerializer},
        examples=examples.DOCUMENT_SERVED,
        responses={200: DocumentOutSerializer, **ERRORS, **error_responses(409, 415)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        parser_classes=[MultiPartParser],
    )
    def documents(self, request: Request, reference: str) -> Response:
        complaint = self.scoped(reference)
        if request.method == "POST":
            body = DocumentServeInSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            fields = dict(body.validated_data)
            kind = fields.pop("kind")
            document = document_serve_pending(
                complaint=complaint, kind=kind, actor=request.user, **fields
            )
            return Response(DocumentOutSerializer(document).data)
        return self.listing(complaint.documents.order_by("issued_on", "id"), DocumentOutSerializer)

    @extend_schema(
        methods=["GET"],
        summary="Evidence files",
        examples=examples.ATTACHMENTS_OUT,
        responses={200: AttachmentOutSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload an evidence file (PDF/JPEG/PNG ≤ 10 MB)",
        examples=examples.ATTACHMENT_CREATED,
        request={"multipart/form-data": AttachmentInSerializer},
        responses={201: AttachmentOutSerializer, **ERRORS, **error_responses(415)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        parser_classes=[MultiPartParser],
    )
    def attachments(self, request: Request, reference: str) -> Response:
        complaint = self.scoped(reference)
        if request.method == "POST":
            body = AttachmentInSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            attachment = attachment_add(
                complaint=complaint, actor=request.user, **body.validated_data
            )
            return Response(AttachmentOutSerializer(attachment).data, status=201)
        return self.listing(complaint.attachments.order_by("id"), AttachmentOutSerializer)

    def run_step(
        self, request: Request, complaint: Complaint, action_name: str, serializer: type
    ) -> Response:
        """Run a workflow step posted to a sub-resource; answer with the complaint."""
        version = if_match_version(request)
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint_transition(
            complaint=complaint,
            action=action_name,
            actor=request.user,
            version=version,
            **body.validated_data,
        )
        return self.detail_response(complaint, status_code=201)
