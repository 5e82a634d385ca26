"""An import waiting for its outliers to be confirmed: the parsed rows, signed, carried by the confirm form.

The file is read once; the second step re-sends the same rows (and the template's values for the stale check),
so figures_record still saves them all or nothing. The signature binds them to the user, province and month, and
expires: a forged or stale confirmation is refused, never saved.
"""

from django.core import signing

from enrollment.imports.parse import ParseResult
from enrollment.services.outliers import Outlier

PENDING_FIELD = "pending"
PENDING_MAX_AGE_SECONDS = 60 * 60


def _salt(*, user, province, year: int, month: int) -> str:
    return f"enrollment.import.pending:{user.pk}:{province.pk}:{year}:{month}"


def pending_dump(parsed: ParseResult, outliers: dict[int, Outlier], *, user, province, year: int, month: int) -> str:
    payload = {
        "values": parsed.values,
        "expected": parsed.expected,
        "rows": parsed.rows,
        "codes": parsed.codes,
        "outliers": {pk: [o.value, o.history_max, o.quota] for pk, o in outliers.items()},
    }
    return signing.dumps(payload, salt=_salt(user=user, province=province, year=year, month=month), compress=True)


def pending_load(token: str, *, user, province, year: int, month: int) -> tuple[ParseResult, dict[int, Outlier]] | None:
    """The rows and outliers of `pending_dump`, or None when the token is forged, for another page or expired."""
    try:
        payload = signing.loads(
            token, salt=_salt(user=user, province=province, year=year, month=month), max_age=PENDING_MAX_AGE_SECONDS
        )
        expected = payload["expected"]
        parsed = ParseResult(
            values={int(pk): value for pk, value in payload["values"].items()},
            expected=None if expected is None else {int(pk): value for pk, value in expected.items()},
            rows={int(pk): row for pk, row in payload["rows"].items()},
            codes={int(pk): code for pk, code in payload["codes"].items()},
        )
        outliers = {
            int(pk): Outlier(staff_id=int(pk), value=value, history_max=history_max, quota=quota)
            for pk, (value, history_max, quota) in payload["outliers"].items()
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
    return parsed, outliers
