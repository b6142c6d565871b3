"""Every write to a complaint: submission, the workflow transition, the audited reveal,
employer merges.

One code path per operation: the public form, the API, the admin and the management commands
all call these functions, and every guard lives here.
"""

from ..codes import access_code_matches
from .actors import ComplainantActor
from .edits import complaint_update, document_serve, document_serve_pending
from .employers import blacklist_remove, employer_merge, employer_save
from .evidence import attachment_add, evidence_clean, material_provide
from .imports import ImportReport, national_platform_import, read_table
from .intake import FORM_FIELDS, SubmitResult, complaint_submit
from .money import CENT
from .reveal import complaint_reveal
from .transition import complaint_transition

__all__ = [
    "FORM_FIELDS",
    "CENT",
    "ComplainantActor",
    "ImportReport",
    "SubmitResult",
    "access_code_matches",
    "attachment_add",
    "document_serve",
    "document_serve_pending",
    "complaint_reveal",
    "complaint_submit",
    "complaint_transition",
    "complaint_update",
    "blacklist_remove",
    "employer_merge",
    "employer_save",
    "evidence_clean",
    "material_provide",
    "national_platform_import",
    "read_table",
]
