"""Export of the filtered complaint list (CSV/XLSX): case data only, never personal data."""

from __future__ import annotations

from import_export import fields, resources

from arrears.pii import mask_free_text
from complaints.models import Complaint

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Return `value` with a leading apostrophe when a spreadsheet would take it for a formula:
    employer names come from the public form, and an export is opened in Excel."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ComplaintExportResource(resources.ModelResource):
    """The columns of the export; no name, ID number or phone of any worker."""

    def export_resource(self, instance, selected_fields=None, **kwargs) -> list:
        row = super().export_resource(instance, selected_fields, **kwargs)
        # No personal data in an export, whoever asks: a number typed into a name is masked.
        return [neutralise_formula(mask_free_text(v) if isinstance(v, str) else v) for v in row]

    employer_name = fields.Field(attribute="employer__name", column_name="employer")
    employer_uscc = fields.Field(attribute="employer__uscc", column_name="employer_uscc")
    work_region_code = fields.Field(attribute="work_region_id", column_name="work_region")
    work_region_name = fields.Field(attribute="work_region__name", column_name="work_region_name")
    sector_code = fields.Field(attribute="sector_id", column_name="sector")
    office_name = fields.Field(attribute="office__name", column_name="office")

    class Meta:
        model = Complaint
        fields = (
            "reference",
            "case_number",
            "stage",
            "kind",
            "channel",
            "received_at",
            "employer_name",
            "employer_uscc",
            "work_region_code",
            "work_region_name",
            "sector_code",
            "office_name",
            "arrears_from",
            "arrears_to",
            "workers_affected",
            "amount_claimed",
            "amount_verified",
            "amount_recovered",
            "acceptance_due",
            "investigation_due",
            "order_due",
            "next_due",
            "outcome",
        )
        export_order = fields
