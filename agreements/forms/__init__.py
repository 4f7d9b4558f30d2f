"""Forms, one module per area; the common pieces are in base.py."""

from .agreements import (
    AgreementForm,
    ContactForm,
    CorrectionForm,
    DocumentForm,
    PartnerForm,
    StageStepForm,
)
from .base import DateInput, StyledForm, StyledFormMixin, UploadField

__all__ = [
    "AgreementForm",
    "ContactForm",
    "CorrectionForm",
    "DateInput",
    "DocumentForm",
    "PartnerForm",
    "StageStepForm",
    "StyledForm",
    "StyledFormMixin",
    "UploadField",
]
