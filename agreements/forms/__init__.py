"""Forms, one module per area; the common pieces are in base.py."""

from .agreements import (
    AgreementForm,
    ContactForm,
    CorrectionForm,
    DocumentForm,
    HandOverForm,
    PartnerForm,
    ReceiveAnswerForm,
    StageStepForm,
)
from .base import DateInput, StyledForm, StyledFormMixin, UploadField

__all__ = [
    "AgreementForm",
    "ContactForm",
    "CorrectionForm",
    "DateInput",
    "DocumentForm",
    "HandOverForm",
    "PartnerForm",
    "ReceiveAnswerForm",
    "StageStepForm",
    "StyledForm",
    "StyledFormMixin",
    "UploadField",
]
